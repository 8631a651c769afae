import { connect as connectHttp2, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { ProbeResponse } from '../model/exchange.js';
import type { ResolveEntry } from './resolve.js';

/** What a target spoke, as ALPN names it (RFC 7301). */
export type Protocol = 'http/1.1' | 'h2';

export interface H2Options {
  timeoutMs: number;
  insecure: boolean;
  resolve: readonly ResolveEntry[];
  /** Called with the server's SETTINGS_MAX_CONCURRENT_STREAMS, so the origin's limit counts streams within it. */
  onMaxStreams(origin: string, streams: number): void;
}

/**
 * HTTP/2 for https origins that offer it (ALPN), so every probe of a host shares one
 * connection. Not undici's h2: it merges repeated header lines into one value
 * ("a, b"), and a duplicate Access-Control-Allow-Origin must reach the rules as two
 * lines, as it does over HTTP/1.1. Node's http2 hands out the raw header list.
 * The first probe of an origin opens a TLS connection offering h2 and http/1.1; an
 * origin that picks http/1.1 (or fails the handshake) is left to undici, which
 * then reports the failure the usual way.
 */
export class H2Sessions {
  readonly #options: H2Options;
  readonly #protocols = new Map<string, Promise<Protocol>>();
  readonly #sessions = new Map<string, ClientHttp2Session>();
  /** A session being opened per origin: probes that find none live wait for the same one instead of each dialling. */
  readonly #opening = new Map<string, Promise<ClientHttp2Session>>();
  /** The last stream id of a session's GOAWAY: streams above it were not processed (RFC 9113 §6.8). */
  readonly #lastStreamIds = new WeakMap<ClientHttp2Session, number>();

  constructor(options: H2Options) {
    this.#options = options;
  }

  /** The protocol an https origin speaks; negotiated once per origin. */
  protocolOf(origin: string): Promise<Protocol> {
    let protocol = this.#protocols.get(origin);
    if (!protocol) {
      protocol = this.#negotiate(origin);
      this.#protocols.set(origin, protocol);
    }
    return protocol;
  }

  async #negotiate(origin: string): Promise<Protocol> {
    const socket = await this.#connect(origin).catch(() => undefined);
    if (!socket) return 'http/1.1';
    if (socket.alpnProtocol !== 'h2') {
      socket.destroy();
      return 'http/1.1';
    }
    await this.#open(origin, socket);
    return 'h2';
  }

  #connect(origin: string): Promise<TLSSocket> {
    const url = new URL(origin);
    const port = Number(url.port) || 443;
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const mapped = this.#options.resolve.find((entry) => entry.host === hostname.toLowerCase() && entry.port === port);
    return new Promise((resolve, reject) => {
      const socket = connectTls({
        host: mapped?.address ?? hostname,
        port,
        // SNI names the host, never an IP literal (RFC 6066 §3).
        ...(/^[\d.]+$|:/.test(hostname) ? {} : { servername: hostname }),
        ALPNProtocols: ['h2', 'http/1.1'],
        rejectUnauthorized: !this.#options.insecure,
      });
      const timer = setTimeout(() => socket.destroy(Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' })), this.#options.timeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /**
   * Resolves once the server's SETTINGS arrived: streams opened before it could exceed a
   * SETTINGS_MAX_CONCURRENT_STREAMS the client does not know yet and be refused.
   */
  async #open(origin: string, socket: TLSSocket): Promise<ClientHttp2Session> {
    const session = connectHttp2(origin, {
      createConnection: () => socket,
      // Large enough for any server's header block; hostile sizes are cut by maxHeaderListPairs.
      maxHeaderListPairs: 512,
    });
    session.on('remoteSettings', (settings) => {
      if (settings.maxConcurrentStreams !== undefined) this.#options.onMaxStreams(origin, settings.maxConcurrentStreams);
    });
    // Errors surface on the streams; a dead session is dropped and the next probe reconnects.
    session.on('error', () => undefined);
    session.on('close', () => {
      if (this.#sessions.get(origin) === session) this.#sessions.delete(origin);
    });
    session.on('goaway', (_code: number, lastStreamId: number) => {
      this.#lastStreamIds.set(session, lastStreamId);
      if (this.#sessions.get(origin) === session) this.#sessions.delete(origin);
    });
    // Probes in flight keep the process alive with their deadline timers; an idle session must not.
    session.unref();
    this.#sessions.set(origin, session);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.#options.timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      session.once('remoteSettings', done);
      session.once('close', done);
    });
    return session;
  }

  #session(origin: string): Promise<ClientHttp2Session> {
    const live = this.#sessions.get(origin);
    if (live && !live.closed && !live.destroyed) return Promise.resolve(live);
    let opening = this.#opening.get(origin);
    if (!opening) {
      opening = this.#connect(origin)
        .then((socket) => this.#open(origin, socket))
        .finally(() => this.#opening.delete(origin));
      this.#opening.set(origin, opening);
    }
    return opening;
  }

  /**
   * Sends one request over the origin's session; resolves with the raw response header
   * lines. A request the server did not process is sent again on a new session: one
   * above the last stream id of a GOAWAY, refused with REFUSED_STREAM, or never sent
   * because the session was already going away (RFC 9113 §6.8, §8.7: such requests are
   * safe to retry, whatever their method). One the server may have processed is not.
   */
  async request(url: string, method: string, headers: Record<string, string>, signal: AbortSignal): Promise<ProbeResponse> {
    const target = new URL(url);
    const request: Record<string, string> = { ':method': method, ':path': `${target.pathname}${target.search}`, ':scheme': 'https', ':authority': target.host };
    // HTTP/2 field names are lower case on the wire (RFC 9113 §8.2.1); Host becomes :authority.
    for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== 'host') request[name.toLowerCase()] = value;
    for (let attempt = 0; ; attempt += 1) {
      const session = await this.#session(target.origin);
      let stream: ClientHttp2Stream | undefined;
      try {
        stream = session.request(request, { endStream: true, signal });
        return await responseOf(stream);
      } catch (error) {
        if (attempt < MAX_UNPROCESSED_RETRIES && !signal.aborted && this.#unprocessed(session, stream, error)) continue;
        throw error;
      } finally {
        if (stream) discardBody(stream, this.#options.timeoutMs);
      }
    }
  }

  /** Whether a failed request never reached the server's application (see request()). */
  #unprocessed(session: ClientHttp2Session, stream: ClientHttp2Stream | undefined, error: unknown): boolean {
    if (!stream) return NOT_SENT_CODES.has((error as { code?: string } | null)?.code ?? '');
    if (stream.rstCode === constants.NGHTTP2_REFUSED_STREAM) return true;
    // No id: the stream never left (the session closed first).
    if (stream.id === undefined) return true;
    const lastStreamId = this.#lastStreamIds.get(session);
    return lastStreamId !== undefined && stream.id > lastStreamId;
  }

  /**
   * Destroys the sessions one turn of the event loop after the last stream closed. A stream
   * frees its native state in a setImmediate after it closes; destroyed before that, a session
   * keeps counting the memory of a header block nghttp2 refused (a response without :status,
   * RFC 9113 §8.3.2), and Node aborts the whole process when the garbage collector frees that
   * session (`Assertion failed: (current_nghttp2_memory_) == (0)` in ~Http2Session, Node 20),
   * losing the report.
   */
  async close(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await new Promise((resolve) => setImmediate(resolve));
    for (const session of sessions) session.destroy();
  }
}

/** Times one probe is sent again after the server did not process it; the probe's deadline bounds it too. */
const MAX_UNPROCESSED_RETRIES = 5;

/** session.request() refusing because the session is closing or closed: nothing was sent. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION']);

/** The response header lines of a stream, or its failure. */
function responseOf(stream: ClientHttp2Stream): Promise<ProbeResponse> {
  return new Promise<ProbeResponse>((resolve, reject) => {
    stream.once('response', (parsed: IncomingHttpHeaders, _flags: number, raw?: string[]) => {
      resolve({ status: Number(parsed[':status']), headers: rawPairs(parsed, raw), protocol: 'h2' });
    });
    stream.once('error', reject);
    stream.once('close', () => reject(Object.assign(new Error('stream closed before a response'), { code: 'ECONNRESET' })));
  });
}

/** Body bytes read and dropped before a stream is cancelled instead. */
const DRAIN_LIMIT = 64 * 1024;

/**
 * Rules need headers, not bodies, yet a short body is read to its end rather than the
 * stream reset: servers count a peer's RST_STREAM frames against the "rapid reset"
 * attack (CVE-2023-44487; nghttp2 allows a burst of 1000, then about 33 a second) and
 * end the whole connection with GOAWAY INTERNAL_ERROR (RFC 9113 §6.8, §7), failing
 * every other probe in flight on it. Only a body larger than DRAIN_LIMIT, or one still
 * arriving after the probe timeout, is cancelled.
 */
function discardBody(stream: ClientHttp2Stream, timeoutMs: number): void {
  if (stream.closed || stream.destroyed) return;
  const cancel = () => {
    if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
  };
  // A body that trickles keeps counting against the server's SETTINGS_MAX_CONCURRENT_STREAMS.
  const timer = setTimeout(cancel, timeoutMs).unref();
  stream.once('close', () => clearTimeout(timer));
  let read = 0;
  stream.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > DRAIN_LIMIT) cancel();
  });
  // The request's own failure was already reported; a late one has no listener to reach.
  stream.on('error', () => undefined);
}

/** Header lines in order, repeated names kept as separate lines (pseudo-headers dropped). */
function rawPairs(parsed: IncomingHttpHeaders, raw: string[] | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  if (raw) {
    for (let i = 0; i + 1 < raw.length; i += 2) if (!raw[i]!.startsWith(':')) pairs.push([raw[i]!, raw[i + 1]!.trim()]);
    return pairs;
  }
  // Node before rawHeaders on 'response': the parsed object (repeated lines already joined).
  for (const [name, value] of Object.entries(parsed)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [String(value)]) pairs.push([name, item.trim()]);
  }
  return pairs;
}
