import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import type { Transport } from './transport.js';

/** `host:port` of a URL: the unit that politeness limits apply to. */
export function hostKey(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

  constructor(inner: Transport, requestsPerSecond: number) {
    this.#inner = inner;
    this.#intervalMs = 1000 / requestsPerSecond;
  }

  async send(spec: ProbeSpec): Promise<Exchange> {
    const key = hostKey(spec.url);
    const now = performance.now();
    const slot = Math.max(now, this.#next.get(key) ?? now);
    this.#next.set(key, slot + this.#intervalMs);
    if (slot > now) await sleep(slot - now);
    return this.#inner.send(spec);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
