import type { Exchange, ProbeErrorCode } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import type { Transport } from './transport.js';

/**
 * Only failures where the request most likely never reached the application are
 * retried: a refused or reset connection. Timeouts, DNS and TLS errors repeat
 * identically (and a timeout may mean the server did act), and HTTP error statuses
 * are results, not noise (a 5xx preflight is evidence).
 */
const RETRIED: readonly ProbeErrorCode[] = ['ERR_PROBE_CONNECT', 'ERR_PROBE_RESET'];
/** RFC 9110 §9.2.2 idempotent methods that probes use; anything else is sent once. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** Delay before the first retry; doubles each time. */
  baseDelayMs?: number;
  /** Upper bound of one delay. */
  maxDelayMs?: number;
  /** Waits between attempts; replaceable so tests can see the delays. */
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries connection failures of idempotent probes with bounded exponential backoff. */
export class RetryTransport implements Transport {
  readonly #inner: Transport;
  readonly #options: Required<RetryOptions>;

  constructor(inner: Transport, options: RetryOptions) {
    this.#inner = inner;
    this.#options = { baseDelayMs: 200, maxDelayMs: 2_000, sleep, ...options };
  }

  async send(spec: ProbeSpec): Promise<Exchange> {
    let exchange = await this.#inner.send(spec);
    if (!IDEMPOTENT.has(spec.method.toUpperCase())) return exchange;
    for (let attempt = 0; attempt < this.#options.retries; attempt += 1) {
      if (!exchange.error || !RETRIED.includes(exchange.error.code)) break;
      const delay = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** attempt);
      await this.#options.sleep(delay);
      const retried = await this.#inner.send(spec);
      // A retry that was not sent (the host's breaker opened, the scan was stopped) changes
      // nothing: the probe was sent once and failed, which is what the report must count.
      if (retried.notSent) break;
      exchange = retried;
    }
    return exchange;
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
