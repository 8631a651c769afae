import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import type { Transport } from './transport.js';

/** `host:port` of a URL: the unit that politeness limits apply to. */
export function hostKey(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/** Waits `ms`, or less when `signal` aborts first (a probe queued for its turn must not outlive an interrupt). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * At most `requestsPerSecond` requests per host: each request reserves the next
 * free slot on its host's schedule (a token bucket of depth one), so the limit
 * holds over any window, not only on average, and hosts never wait for each other.
 */
export class RateLimitTransport implements Transport {
  readonly #inner: Transport;
  readonly #intervalMs: number;
  /** Per host, the earliest time the next request may start. */
  readonly #next = new Map<string, number>();

  readonly #signal: AbortSignal | undefined;

  /** `signal`: once aborted, waiting probes go on at once (the inner transport then refuses to send them). */
  constructor(inner: Transport, requestsPerSecond: number, signal?: AbortSignal) {
    this.#inner = inner;
    this.#signal = signal;
    this.#intervalMs = 1000 / requestsPerSecond;
  }

  async send(spec: ProbeSpec): Promise<Exchange> {
    const key = hostKey(spec.url);
    const now = performance.now();
    const slot = Math.max(now, this.#next.get(key) ?? now);
    this.#next.set(key, slot + this.#intervalMs);
    if (slot > now) await sleep(slot - now, this.#signal);
    return this.#inner.send(spec);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
