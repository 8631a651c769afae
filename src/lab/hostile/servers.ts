import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net, { type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

/**
 * Misbehaving servers for the hostile lab. Raw `net`/`tls` servers on loopback
 * with OS-chosen ports, so they can break HTTP at the byte level in ways
 * `node:http` refuses to (invalid bytes, resets mid-headers, endless trickles).
 */
export interface HostileServer {
  /** Host literal to put in a URL: `127.0.0.1` or `[::1]`. */
  host: string;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Called once per connection with the first request head (up to the blank line). */
type Respond = (socket: Socket, head: string) => void;

const CRLF = '\r\n';

/** Reads the request head, then hands the socket to `respond`. Keeps every socket so close() ends them all. */
function onRequestHead(respond: Respond) {
  return (socket: Socket): void => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf(CRLF + CRLF);
      if (end === -1) {
        if (buffered.length > 64 * 1024) socket.destroy();
        return;
      }
      socket.off('data', onData);
      socket.resume();
      respond(socket, buffered.slice(0, end));
    };
    socket.on('data', onData);
  };
}

async function listen(server: net.Server, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Wraps a listening server: counts connections, and close() destroys live sockets and timers. */
async function serve(server: net.Server, onConnection: (socket: Socket) => void, address = '127.0.0.1'): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  let count = 0;
  server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', (socket: Socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  server.on('tlsClientError', () => undefined);
  const port = await listen(server, address);
  return {
    host: address.includes(':') ? `[${address}]` : address,
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A raw TCP server that answers each request head with `respond`. */
export function rawHttpServer(respond: Respond, address = '127.0.0.1'): Promise<HostileServer> {
  return serve(net.createServer(), onRequestHead(respond), address);
}

/** Writes until the socket closes, `interval` ms apart; the timer dies with the socket. */
function trickle(socket: Socket, intervalMs: number, next: () => string): void {
  const timer = setInterval(() => {
    if (socket.destroyed) clearInterval(timer);
    else socket.write(next());
  }, intervalMs);
  socket.on('close', () => clearInterval(timer));
}

/** A complete, well-formed response with the given extra header lines. */
export function okResponse(headerLines: readonly string[] = [], body = '{"ok":true}\n'): string {
  return ['HTTP/1.1 200 OK', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', ...headerLines, '', body].join(CRLF);
}

/** Status line sent at once, then header bytes one a second (slowloris in reverse). */
export const slowHeaders = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.write(`HTTP/1.1 200 OK${CRLF}X-Slow: `);
    trickle(socket, 1000, () => 'a');
  });

/** Complete headers, then the body one byte a second. */
export const slowBody = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.write(['HTTP/1.1 200 OK', 'Access-Control-Allow-Origin: *', 'Content-Length: 100000', '', ''].join(CRLF));
    trickle(socket, 1000, () => 'b');
  });

/** Headers, then a chunked body that never ends, written as fast as the client reads. */
export const endlessBody = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.write(['HTTP/1.1 200 OK', 'Access-Control-Allow-Origin: *', 'Transfer-Encoding: chunked', '', ''].join(CRLF));
    const chunk = `4000${CRLF}${'x'.repeat(0x4000)}${CRLF}`;
    const pump = (): void => {
      while (!socket.destroyed && socket.write(chunk));
    };
    socket.on('drain', pump);
    pump();
  });

/** One header line of `bytes` bytes. */
export const hugeHeaders = (bytes: number): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.end(okResponse([`X-Huge: ${'a'.repeat(bytes)}`]));
  });

/** `count` short header lines. */
export const manyHeaderLines = (count: number): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.end(okResponse(Array.from({ length: count }, (_, index) => `X-${index}: ${index}`)));
  });

/** A header value with a NUL and a bare CR, which RFC 9110 §5.5 forbids. */
export const invalidHeaderBytes = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.end(okResponse(['Access-Control-Allow-Origin: *', 'X-Bad: a\u0000b\rc']));
  });

/** ACAO carrying UTF-8 encoded C1 controls (U+009B CSI) and an ESC-free colour sequence: terminal injection. */
export const terminalEscapes = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.end(Buffer.from(okResponse(['Access-Control-Allow-Origin: https://evil.example/\u009b2J\u009b31mOWNED', 'Access-Control-Allow-Credentials: true']), 'utf8'));
  });

/** Two ACAO lines with different name casing and different values. */
export const acaoTwice = (): Promise<HostileServer> =>
  rawHttpServer((socket, head) => {
    const origin = /^origin:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? 'https://example.com';
    socket.end(okResponse([`Access-Control-Allow-Origin: ${origin}`, 'access-control-allow-origin: *']));
  });

/** HTTP/1.0: no Content-Length, no keep-alive, the body ends when the connection does. */
export const http10 = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.end(['HTTP/1.0 200 OK', 'Access-Control-Allow-Origin: *', 'Vary: Origin', '', '{"ok":true}'].join(CRLF));
  });

/** Half a header section, then a TCP RST. */
export const resetMidHeaders = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.write(`HTTP/1.1 200 OK${CRLF}Access-Control-Allow-Or`, () => socket.resetAndDestroy());
  });

/** Accepts the connection and closes it without a byte. */
export const emptyResponse = (): Promise<HostileServer> => rawHttpServer((socket) => socket.end());

/** 102 Processing and 103 Early Hints before the final response (RFC 9110 §15.2). */
export const informational = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.write(`HTTP/1.1 102 Processing${CRLF}${CRLF}`);
    socket.write(`HTTP/1.1 103 Early Hints${CRLF}Link: </style.css>; rel=preload${CRLF}${CRLF}`);
    socket.end(okResponse(['Access-Control-Allow-Origin: *']));
  });

/** 100 Continue although the request carried no `Expect: 100-continue`, then the response. */
export const unsolicitedContinue = (): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.write(`HTTP/1.1 100 Continue${CRLF}${CRLF}`);
    socket.end(okResponse(['Access-Control-Allow-Origin: *']));
  });

/** An unsolicited 100 Continue before every answer except preflights (OPTIONS): most probes fail, the target is `partial`. */
export const mostlyContinue = (): Promise<HostileServer> =>
  rawHttpServer((socket, head) => {
    if (!head.startsWith('OPTIONS ')) socket.write(`HTTP/1.1 100 Continue${CRLF}${CRLF}`);
    socket.end(okResponse(['Access-Control-Allow-Origin: *']));
  });

/** Answers normally, but resets every request that carries `Origin: null`: some probes fail, others do not. */
export const resetsNullOrigin = (): Promise<HostileServer> =>
  rawHttpServer((socket, head) => {
    if (/^origin:\s*null\s*$/im.test(head)) socket.resetAndDestroy();
    else socket.end(okResponse(['Access-Control-Allow-Origin: *']));
  });

/** 302 to the same URL, forever. */
export const redirectLoop = (): Promise<HostileServer> =>
  rawHttpServer((socket, head) => {
    const path = head.split(' ')[1] ?? '/';
    socket.end(['HTTP/1.1 302 Found', `Location: ${path}`, 'Content-Length: 0', 'Connection: close', '', ''].join(CRLF));
  });

/** 302 to an absolute URL on another host. */
export const redirectTo = (location: string): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.end(['HTTP/1.1 302 Found', `Location: ${location}`, 'Access-Control-Allow-Origin: *', 'Content-Length: 0', 'Connection: close', '', ''].join(CRLF));
  });

/** Records the request heads it receives and answers with a plain CORS response. */
export async function recordingServer(): Promise<HostileServer & { heads: string[] }> {
  const heads: string[] = [];
  const server = await rawHttpServer((socket, head) => {
    heads.push(head);
    socket.end(okResponse(['Access-Control-Allow-Origin: *']));
  });
  return { ...server, heads };
}

/**
 * A loopback port nothing listens on, and nothing will while the caller uses it. A port taken
 * by listening on port 0 and closed again goes back to the pool, and the next server any test
 * starts can get it (seen: the hostile lab's closed port answered). Ports below 1024 are never
 * handed out for port 0 (Linux's ephemeral range starts at 32768 by default) and need privileges
 * to listen on, so the first of them that refuses a connection now is used.
 */
export async function closedPort(): Promise<number> {
  for (let port = 1; port < 1024; port += 1) if (await refuses(port)) return port;
  throw new Error('no port below 1024 refuses connections on 127.0.0.1');
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Answers every ClientHello with a fatal `handshake_failure` alert (RFC 8446 §6.2, alert 40). */
export const tlsHandshakeFailure = (): Promise<HostileServer> =>
  serve(net.createServer(), (socket) => {
    socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])));
  });

/** A certificate and key for `localhost` and 127.0.0.1, self-signed. */
export interface SelfSigned {
  cert: string;
  key: string;
  /** PEM file of the certificate, usable as NODE_EXTRA_CA_CERTS. */
  certFile: string;
  dispose(): Promise<void>;
}

/**
 * Generates a throwaway self-signed certificate with the system `openssl`
 * (present wherever Node's own TLS is, and no npm dependency for a test lab).
 */
export async function makeSelfSigned(): Promise<SelfSigned> {
  const dir = await mkdtemp(join(tmpdir(), 'corscan-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', keyFile, '-out', certFile,
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`openssl could not generate a self-signed certificate: ${(error as Error).message}`);
  }
  return {
    cert: await readFile(certFile, 'utf8'),
    key: await readFile(keyFile, 'utf8'),
    certFile,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** An HTTPS server with the given (self-signed) certificate that answers with a CORS response. */
export const tlsServer = (identity: { cert: string; key: string }): Promise<HostileServer> =>
  serve(tls.createServer({ cert: identity.cert, key: identity.key }), onRequestHead((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: *']))));

/** Whether this machine can listen on ::1 (some containers have IPv6 disabled). */
export async function ipv6LoopbackAvailable(): Promise<boolean> {
  const server = net.createServer();
  try {
    await listen(server, '::1');
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

/** A plain CORS server on ::1. */
export const ipv6Server = (): Promise<HostileServer> => rawHttpServer((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: *'])), '::1');

/**
 * Answers llhttp refuses (issue 14 item 17), close-delimited: without Content-Length undici
 * reports the parser's own error, not a length mismatch.
 */
export const PARSER_ERROR_ANSWERS = {
  'nul-in-value': `HTTP/1.1 200 OK${CRLF}Access-Control-Allow-Origin: *${CRLF}X-Bad: a\u0000b${CRLF}Connection: close${CRLF}${CRLF}ok`,
  'bare-cr': `HTTP/1.1 200 OK${CRLF}Access-Control-Allow-Origin: *${CRLF}X-Bad: a\rb${CRLF}Connection: close${CRLF}${CRLF}ok`,
  'bare-lf': `HTTP/1.1 200 OK${CRLF}Access-Control-Allow-Origin: *\nX-Bad: ab${CRLF}Connection: close${CRLF}${CRLF}ok`,
  'esc-in-value': `HTTP/1.1 200 OK${CRLF}Access-Control-Allow-Origin: *${CRLF}X-Bad: \u001b[31mred${CRLF}Connection: close${CRLF}${CRLF}ok`,
  'esc-in-name': `HTTP/1.1 200 OK${CRLF}Access-Control-Allow-Origin: *${CRLF}X-\u001bBad: ab${CRLF}Connection: close${CRLF}${CRLF}ok`,
  // HTTP/0.9 (and anything not HTTP): a body with no status line.
  'http-0.9': '{"ok":true}\n',
  // What an h2c (prior knowledge) server sends to an HTTP/1.1 request: its SETTINGS frame (RFC 9113 §3.4), then GOAWAY PROTOCOL_ERROR.
  'h2c-preface': '\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0008\u0007\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001',
} as const;

export type ParserErrorAnswer = keyof typeof PARSER_ERROR_ANSWERS;

/** Sends one of PARSER_ERROR_ANSWERS (as latin1 bytes) to every request, then closes. */
export const parserErrorServer = (answer: ParserErrorAnswer): Promise<HostileServer> =>
  rawHttpServer((socket) => {
    socket.end(Buffer.from(PARSER_ERROR_ANSWERS[answer], 'latin1'));
  });

/**
 * A flapping server (issue 14 item 20): two backends behind a round robin, one reflecting
 * the Origin with credentials, one sending no CORS headers, in turn per request. `marker`
 * is appended to the granted value (e.g. Markdown or C1 controls, to test how reports show it).
 */
export const alternatingAcao = (marker = ''): Promise<HostileServer> => {
  let requests = 0;
  return rawHttpServer((socket, head) => {
    requests += 1;
    const origin = /^origin:\s*(.*)$/im.exec(head)?.[1]?.trim();
    const grant = requests % 2 === 1 && origin ? [`Access-Control-Allow-Origin: ${origin}${marker}`, 'Access-Control-Allow-Credentials: true'] : [];
    socket.end(Buffer.from(okResponse([...grant, 'Vary: Origin']), 'utf8'));
  });
};

/** A consistent server whose answer depends on the Cookie and the method (Vary: Cookie): never flapping. */
export const variesByCookieAndMethod = (): Promise<HostileServer> =>
  rawHttpServer((socket, head) => {
    const origin = /^origin:\s*(.*)$/im.exec(head)?.[1]?.trim();
    const cookie = /^cookie:/im.test(head);
    const grant = origin && cookie && head.startsWith('GET ') ? [`Access-Control-Allow-Origin: ${origin}`, 'Access-Control-Allow-Credentials: true'] : [];
    socket.end(okResponse([...grant, 'Vary: Origin, Cookie']));
  });

/** Answers a request head it has seen before with 429 Too Many Requests, without CORS headers: a rate limit, not a flap. */
export const rateLimitsRepeats = (): Promise<HostileServer> => {
  const seen = new Set<string>();
  return rawHttpServer((socket, head) => {
    if (seen.has(head)) socket.end(['HTTP/1.1 429 Too Many Requests', 'Content-Length: 0', 'Connection: close', '', ''].join(CRLF));
    else socket.end(okResponse(['Access-Control-Allow-Origin: *']));
    seen.add(head);
  });
};

/** One host, two paths (item 5): `/slow/...` accepts the request and never answers, every other path answers at once. */
export const stalledPathBesideHealthy = (): Promise<HostileServer> =>
  rawHttpServer((socket, head) => {
    if (/^\S+ \/slow\//.test(head)) return;
    socket.end(okResponse(['Access-Control-Allow-Origin: *']));
  });
