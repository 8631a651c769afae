import { Agent, buildConnector, request } from 'undici';
import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import { toProbeError } from './errors.js';
import { loadSignal } from './adaptive-limit.js';
import { HostBreaker } from './host-breaker.js';
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
}

/** Largest response header section accepted; hostile servers can send megabytes. */
const MAX_HEADER_BYTES = 64 * 1024;

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

  constructor(options: UndiciTransportOptions) {
    this.#options = options;
    const max = Math.max(options.perHostConnections, options.maxPerHostConnections ?? options.perHostConnections);
    this.#slots = new HostSlots({ initial: options.perHostConnections, max });
    // A whole wave of connections failing trips it; the next wave may go a timeout later.
    this.#breaker = new HostBreaker(options.perHostConnections, options.timeoutMs);
    const connect = buildConnector({ rejectUnauthorized: !options.insecure, timeout: options.timeoutMs });
    this.#agent = new Agent({
      connections: max,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
      maxHeaderSize: MAX_HEADER_BYTES,
      maxResponseSize: options.maxResponseBytes ?? 1024 * 1024,
      keepAliveTimeout: 4_000,
      connect: resolvingConnector(options.resolve, connect),
    });
  }

  async send(probe: ProbeSpec): Promise<Exchange> {
    const origin = new URL(probe.url).origin;
    const release = await this.#slots.acquire(origin);
    const refused = this.#breaker.check(origin);
    if (refused) {
      release();
      return { probe, error: refused, durationMs: 0, notSent: true };
    }
    let exchange: Exchange | undefined;
    try {
      exchange = await this.#exchange(probe);
    } finally {
      release(exchange && { ...loadSignal(exchange, Date.now()), rttMs: exchange.durationMs });
    }
    this.#breaker.record(origin, exchange);
    return exchange;
  }

  async #exchange(probe: ProbeSpec): Promise<Exchange> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // One deadline for the whole exchange, from the moment a connection is free: undici's
    // headersTimeout covers the header section, but a body trickled a byte at a time never
    // trips its idle bodyTimeout. A body still arriving at the deadline is cut off and the
    // headers, all the rules need, are kept.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('probe deadline reached', 'TimeoutError')), this.#options.timeoutMs);
    try {
      const response = await request(probe.url, {
        dispatcher: this.#agent,
        method: probe.method as 'GET',
        headers: { 'user-agent': this.#options.userAgent, accept: '*/*', ...probe.headers },
        responseHeaders: 'raw',
        signal: deadline.signal,
      });
      const raw = response.headers as unknown as Buffer[];
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) headers.push([String(raw[i]), String(raw[i + 1]).trim()]);
      // Consuming the body is mandatory for request(); dump() drains it without keeping it.
      await response.body.dump({ limit: 64 * 1024, signal: deadline.signal }).catch(() => response.body.destroy());
      return { probe, response: { status: response.statusCode, headers }, durationMs: elapsed() };
    } catch (error) {
      return { probe, error: toProbeError(error), durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.#agent.destroy().catch(() => undefined);
  }
}
