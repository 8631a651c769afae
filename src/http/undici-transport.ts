import { Agent, buildConnector } from 'undici';
import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import { fdExhaustion, toProbeError } from './errors.js';
import { loadSignal } from './adaptive-limit.js';
import { H1Exchange } from './h1-exchange.js';
import { H2Sessions } from './h2-sessions.js';
import { failureScope, HostBreaker } from './host-breaker.js';
import { HostSlots } from './host-slots.js';
import { resolvingConnector, type ResolveEntry } from './resolve.js';
import type { Transport } from './transport.js';

export interface UndiciTransportOptions {
  /** Per-probe limit for connecting, for headers and for the whole exchange. */
  timeoutMs: number;
  /** Requests in flight per origin at the start; probes beyond the limit wait for a free slot (HostSlots). */
  perHostConnections: number;
  /** Ceiling of the adaptive per-origin limit (AdaptiveLimit); equal to perHostConnections for a fixed cap. */
  maxPerHostConnections?: number;
  /** Skip TLS certificate verification. */
  insecure: boolean;
  resolve: ResolveEntry[];
  userAgent: string;
  /** Larger responses are cut off as ERR_PROBE_TOO_LARGE; rules need headers, not bodies. */
  maxResponseBytes?: number;
  /** Once aborted (SIGINT/SIGTERM), probes still waiting for a connection are not sent: they end as ERR_PROBE_ABORTED at once. */
  stop?: AbortSignal;
  /** Once aborted (the grace after a signal is over), requests in flight are cut off as ERR_PROBE_ABORTED. */
  cutoff?: AbortSignal;
}

const notSent = (probe: ProbeSpec): Exchange => ({ probe, error: { code: 'ERR_PROBE_ABORTED', message: 'not sent: the scan was interrupted' }, durationMs: 0 });

/** A request on the wire that the deadline or the cutoff can end. */
interface InFlight {
  abort(reason: Error): void;
}

/** The reason requests in flight end with once the cutoff aborts. */
const cutOff = (cutoff: AbortSignal): Error => (cutoff.reason instanceof Error ? cutoff.reason : new DOMException('the scan was interrupted', 'AbortError'));

/** Largest response header section accepted; hostile servers can send megabytes. */
const MAX_HEADER_BYTES = 64 * 1024;

/** Distinct probe URLs remembered parsed; a target's ~100 probes share a handful. */
const PARSED_URLS = 256;

/** The origin a connector call dials, as `new URL(...).origin` spells it (default ports dropped). */
function connectedOrigin(options: { protocol: string; hostname: string; port: string }): string {
  const host = options.hostname.includes(':') && !options.hostname.startsWith('[') ? `[${options.hostname}]` : options.hostname;
  return new URL(`${options.protocol}//${host}${options.port ? `:${options.port}` : ''}`).origin;
}

/**
 * Sends probes with undici `request()` through its own Agent: raw headers (so
 * duplicate ACAO lines survive), no redirect following, explicit timeouts, bodies
 * discarded. Never calls setGlobalDispatcher.
 */
export class UndiciTransport implements Transport {
  readonly #agent: Agent;
  readonly #options: UndiciTransportOptions;
  readonly #slots: HostSlots;
  readonly #breaker: HostBreaker;
  readonly #h2: H2Sessions;
  /** Origins a connection has been opened to (see HostBreaker). */
  readonly #connects = new Set<string>();
  /**
   * Requests on the wire. One cutoff listener ends them all: an AbortSignal.any() per
   * request (deadline or cutoff) cost more CPU than the rest of the request's bookkeeping.
   */
  readonly #inFlight = new Set<InFlight>();
  /** Probe URLs parsed, with their origin: parsing each request's URL afresh was a visible share of its CPU. Never mutated. */
  readonly #parsed = new Map<string, { url: URL; origin: string }>();

  constructor(options: UndiciTransportOptions) {
    this.#options = options;
    const max = Math.max(options.perHostConnections, options.maxPerHostConnections ?? options.perHostConnections);
    this.#slots = new HostSlots({ initial: options.perHostConnections, max });
    // A whole wave of connections failing trips it; the next wave may go a timeout later.
    this.#breaker = new HostBreaker(options.perHostConnections, options.timeoutMs);
    // Over HTTP/2 the origin's limit counts streams: never more than the server allows at once.
    this.#h2 = new H2Sessions({
      timeoutMs: options.timeoutMs,
      insecure: options.insecure,
      resolve: options.resolve,
      onMaxStreams: (origin, streams) => this.#slots.capAt(origin, streams),
    });
    const connect = resolvingConnector(options.resolve, buildConnector({ rejectUnauthorized: !options.insecure, timeout: options.timeoutMs }));
    // Remembers which origins accept connections: a timeout there is one path's, not the host's.
    const noting: buildConnector.connector = (connectOptions, callback) =>
      connect(connectOptions, (error, socket) => {
        if (!error) this.#connects.add(connectedOrigin(connectOptions));
        (callback as (error: Error | null, socket: unknown) => void)(error, socket);
      });
    this.#agent = new Agent({
      connections: max,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
      maxHeaderSize: MAX_HEADER_BYTES,
      maxResponseSize: options.maxResponseBytes ?? 1024 * 1024,
      keepAliveTimeout: 4_000,
      connect: noting,
    });
    // After a signal's grace (interrupt.ts), requests in flight are cut off too.
    options.cutoff?.addEventListener(
      'abort',
      () => {
        for (const call of this.#inFlight) call.abort(cutOff(options.cutoff!));
      },
      { once: true },
    );
  }

  #parse(href: string): { url: URL; origin: string } {
    let parsed = this.#parsed.get(href);
    if (!parsed) {
      if (this.#parsed.size >= PARSED_URLS) this.#parsed.clear();
      const url = new URL(href);
      parsed = { url, origin: url.origin };
      this.#parsed.set(href, parsed);
    }
    return parsed;
  }

  async send(probe: ProbeSpec): Promise<Exchange> {
    const { url, origin } = this.#parse(probe.url);
    const release = await this.#slots.acquire(origin, this.#options.stop);
    if (!release) return notSent(probe);
    if (this.#options.stop?.aborted) {
      release();
      return notSent(probe);
    }
    const refused = this.#breaker.check(url);
    if (refused) {
      release();
      return { probe, error: refused, durationMs: 0, notSent: true };
    }
    let exchange: Exchange | undefined;
    try {
      exchange = await this.#exchange(probe, url, origin);
    } finally {
      release(exchange && { ...loadSignal(exchange, Date.now()), rttMs: exchange.durationMs });
    }
    // A local failure says nothing about the host: its breaker neither trips nor resets.
    if (exchange.localFailure) return exchange;
    const connects = this.#connects.has(origin);
    this.#breaker.record(url, exchange, connects);
    // Only this transport knows whether the host accepts connections; --max-host-errors needs it too.
    const scope = failureScope(exchange.error?.code, connects);
    return scope ? { ...exchange, scope } : exchange;
  }

  async #exchange(probe: ProbeSpec, url: URL, origin: string): Promise<Exchange> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // One deadline for the whole exchange, from the moment a connection is free: undici's
    // headersTimeout covers the header section, but a body trickled a byte at a time never
    // trips its idle bodyTimeout. A body still arriving at the deadline is cut off and the
    // headers, all the rules need, are kept.
    let deadline: Error | undefined;
    let call: InFlight | undefined;
    const timer = setTimeout(() => {
      deadline = new DOMException('probe deadline reached', 'TimeoutError');
      call?.abort(deadline);
    }, this.#options.timeoutMs);
    try {
      const headers = { 'user-agent': this.#options.userAgent, accept: '*/*', ...probe.headers };
      const h2 = url.protocol === 'https:' && (await this.#h2.protocolOf(origin)) === 'h2';
      // The deadline may have passed while the protocol was negotiated, the cutoff at any time.
      const stopped = deadline ?? (this.#options.cutoff?.aborted ? cutOff(this.#options.cutoff) : undefined);
      if (stopped) throw stopped;
      if (h2) {
        const controller = new AbortController();
        call = controller;
        this.#inFlight.add(call);
        const response = await this.#h2.request(probe.url, probe.method, headers, controller.signal).catch((error: unknown) => {
          // The deadline's reason says "timeout"; the stream's AbortError would not.
          throw deadline ?? error;
        });
        return { probe, response, durationMs: elapsed() };
      }
      const h1 = new H1Exchange();
      call = h1;
      this.#inFlight.add(call);
      this.#agent.dispatch({ origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname, method: probe.method as 'GET', headers }, h1);
      return { probe, response: await h1.done, durationMs: elapsed() };
    } catch (error) {
      if (this.#options.cutoff?.aborted && !deadline) {
        return { probe, error: { code: 'ERR_PROBE_ABORTED', message: 'cut off: the scan was interrupted while the request was in flight' }, durationMs: elapsed() };
      }
      const exhausted = fdExhaustion(error);
      if (exhausted) {
        // No socket could be created: nothing left this machine.
        const message = `not sent: too many open files on this machine (${exhausted})`;
        return { probe, error: { code: 'ERR_PROBE_ABORTED', message }, durationMs: elapsed(), notSent: true, localFailure: exhausted };
      }
      return { probe, error: toProbeError(error), durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
      if (call) this.#inFlight.delete(call);
    }
  }

  async close(): Promise<void> {
    await this.#h2.close();
    await this.#agent.destroy().catch(() => undefined);
  }
}
