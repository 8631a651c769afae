import { headerValues } from '../cors/headers.js';
import type { Exchange, RedirectHop } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import type { Transport } from './transport.js';

export interface RedirectOptions {
  /** Redirects followed per probe; the response after the last one is kept as is. */
  maxHops: number;
  /** Names of the user's `--header` values: never sent to another origin. */
  userHeaders: readonly string[];
}

/** Fetch "redirect status". */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Default bound; browsers stop at 20, five is plenty to see what a browser would meet. */
export const DEFAULT_MAX_HOPS = 5;

/**
 * Follows redirects hop by hop, the way a browser's fetch() in "cors" mode does,
 * and records every redirect response: Fetch runs the CORS check on each of them
 * ("HTTP fetch", step on redirects), so a hop without CORS headers breaks the
 * request even when the final URL serves them.
 *
 * - Preflights (OPTIONS) are never followed: a 3xx is not an ok status, so the
 *   browser fails the preflight on the spot.
 * - 301/302 turn POST into GET and 303 turns everything but GET/HEAD into GET
 *   (Fetch "HTTP-redirect fetch").
 * - Cross-origin hops are followed (browsers follow them too), but the user's
 *   `--header` values (Authorization, Cookie, API keys) and `Authorization` are
 *   dropped so secrets never reach a host the user did not name; Fetch also
 *   removes Authorization on a cross-origin redirect.
 * - Once the chain leaves the first cross-origin URL for another origin, the
 *   `Origin` becomes `null`, as Fetch "serializing a request origin" does for a
 *   redirect-tainted request.
 */
export class RedirectTransport implements Transport {
  readonly #inner: Transport;
  readonly #options: RedirectOptions;
  /** Request headers (lower case) a cross-origin hop must not carry. */
  readonly #dropOnCrossOrigin: ReadonlySet<string>;

  constructor(inner: Transport, options: Partial<RedirectOptions> = {}) {
    this.#inner = inner;
    this.#options = { maxHops: options.maxHops ?? DEFAULT_MAX_HOPS, userHeaders: options.userHeaders ?? [] };
    this.#dropOnCrossOrigin = new Set(['authorization', ...this.#options.userHeaders.map((name) => name.toLowerCase())]);
  }

  async send(spec: ProbeSpec): Promise<Exchange> {
    if (spec.method === 'OPTIONS') return this.#inner.send(spec);
    const first = await this.#inner.send(spec);
    // Most probes are not redirected: their exchange is the answer as it is.
    if (first.probe === spec && (!first.response || !REDIRECT_STATUSES.has(first.response.status))) return first;
    return this.#follow(spec, first);
  }

  /** Follows the redirect `first` answered `spec` with, hop by hop. */
  async #follow(spec: ProbeSpec, first: Exchange): Promise<Exchange> {
    const hops: RedirectHop[] = [];
    const dropOnCrossOrigin = this.#dropOnCrossOrigin;
    let current = spec;
    let durationMs = 0;
    let tainted = false;
    for (let exchange = first; ; exchange = await this.#inner.send(current)) {
      durationMs += exchange.durationMs;
      // The last exchange as it is (its error, `notSent`, `scope`), for the probe asked, with the hops before it.
      const done = (): Exchange => ({
        ...exchange,
        probe: spec,
        ...(hops.length > 0 ? { hops } : {}),
        durationMs,
      });
      const response = exchange.response;
      if (!response || !REDIRECT_STATUSES.has(response.status)) return done();
      const location = headerValues(response.headers, 'location')[0];
      let next: URL;
      try {
        next = new URL(location ?? '', current.url);
      } catch {
        return done();
      }
      if (location === undefined || (next.protocol !== 'http:' && next.protocol !== 'https:')) return done();
      // The chain goes on past the bound: say so, or the kept 3xx reads as the endpoint's answer.
      if (hops.length >= this.#options.maxHops) return { ...done(), cutRedirect: { maxHops: this.#options.maxHops, location: next.href } };
      hops.push({ url: current.url, method: current.method, origin: current.origin, status: response.status, headers: response.headers });

      const here = new URL(current.url).origin;
      const crossOrigin = next.origin !== here;
      if (crossOrigin && spec.origin !== null && spec.origin !== here) tainted = true;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(current.headers)) {
        if (crossOrigin && dropOnCrossOrigin.has(name.toLowerCase())) continue;
        headers[name] = name.toLowerCase() === 'origin' && tainted ? 'null' : value;
      }
      let method = current.method;
      if (((response.status === 301 || response.status === 302) && method === 'POST') || (response.status === 303 && method !== 'GET' && method !== 'HEAD')) {
        method = 'GET';
      }
      current = { ...current, method, url: next.href, headers, origin: current.origin !== null && tainted ? 'null' : current.origin };
    }
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
