import { Agent, buildConnector, request } from 'undici';
import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import { toProbeError } from './errors.js';
import { resolvingConnector, type ResolveEntry } from './resolve.js';
import type { Transport } from './transport.js';

export interface UndiciTransportOptions {
  /** Per-probe limit for connecting, for headers and for the whole exchange. */
  timeoutMs: number;
  /** Connections per origin; probes beyond it queue in the pool. */
  perHostConnections: number;
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

  constructor(options: UndiciTransportOptions) {
    this.#options = options;
    const connect = buildConnector({ rejectUnauthorized: !options.insecure, timeout: options.timeoutMs });
    this.#agent = new Agent({
      connections: options.perHostConnections,
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
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await request(probe.url, {
        dispatcher: this.#agent,
        method: probe.method as 'GET',
        headers: { 'user-agent': this.#options.userAgent, accept: '*/*', ...probe.headers },
        responseHeaders: 'raw',
        // A hard deadline on top of undici's inactivity timers: a server that trickles
        // one byte a second never trips headersTimeout/bodyTimeout on its own.
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      const raw = response.headers as unknown as Buffer[];
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) headers.push([String(raw[i]), String(raw[i + 1]).trim()]);
      // Consuming the body is mandatory for request(); dump() drains it without keeping it.
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      return { probe, response: { status: response.statusCode, headers }, durationMs: elapsed() };
    } catch (error) {
      return { probe, error: toProbeError(error), durationMs: elapsed() };
    }
  }

  async close(): Promise<void> {
    await this.#agent.destroy().catch(() => undefined);
  }
}
