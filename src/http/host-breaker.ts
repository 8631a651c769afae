import type { Exchange, ProbeError, ProbeErrorCode } from '../model/exchange.js';

/** Failures that say the host itself cannot be reached: no connection, no name, no handshake. */
const CONNECTION_FAILURES: ReadonlySet<ProbeErrorCode> = new Set(['ERR_PROBE_CONNECT', 'ERR_PROBE_DNS', 'ERR_PROBE_TLS']);

/**
 * Whose failure an error is: the host's (no connection, no name, no handshake, or a timeout
 * on a host that has never been reached: `connects` false) or one path's (a timeout on a host
 * that does accept connections: a stalled handler). Other errors are neither: the host answered.
 * The breaker and `--max-host-errors` (engine/stream.ts) both ask this, so they agree.
 */
export function failureScope(code: ProbeErrorCode | undefined, connects: boolean): 'host' | 'path' | undefined {
  if (code === undefined) return undefined;
  if (CONNECTION_FAILURES.has(code)) return 'host';
  if (code === 'ERR_PROBE_TIMEOUT') return connects ? 'path' : 'host';
  return undefined;
}

interface BreakerState {
  failures: number;
  error?: ProbeError;
  openUntil: number;
}

/**
 * Stops a dead or stalled host from costing one full timeout per probe. Once
 * `threshold` probes in a row fail (a whole wave of connections), the probes queued
 * behind them fail at once with the same code for `coolDownMs`; then another wave
 * may go. Any answer resets it.
 *
 * What trips it depends on where the failure is. A connection that cannot be made
 * (refused, no DNS, failed TLS handshake, or a timeout on a host no connection to
 * has ever opened) is the host's: every path on it is cut off. A timeout on a host
 * that does accept connections is one path's (a stalled `/slow` endpoint): only that
 * path's probes are cut off, and the host's healthy paths are still probed and judged.
 */
export class HostBreaker {
  readonly #threshold: number;
  readonly #coolDownMs: number;
  /** Keyed by origin (host-level failures) or by origin + path (path-level timeouts). */
  readonly #state = new Map<string, BreakerState>();

  constructor(threshold: number, coolDownMs: number) {
    this.#threshold = threshold;
    this.#coolDownMs = coolDownMs;
  }

  /** The error to answer with instead of sending `url`, while its host's or its path's breaker is open. */
  check(url: URL, now = Date.now()): ProbeError | undefined {
    // The common case, every host answering: nothing to look up (this runs for every probe).
    if (this.#state.size === 0) return undefined;
    for (const [key, scope] of [[url.origin, url.origin], [pathKey(url), `${url.origin}${url.pathname}`]] as const) {
      const state = this.#state.get(key);
      if (state?.error && now < state.openUntil) {
        return { code: state.error.code, message: `not sent: ${state.failures} probes in a row to ${scope} failed (${state.error.message})` };
      }
    }
    return undefined;
  }

  /**
   * Counts an exchange's outcome. `connects` tells whether a connection to the host has
   * ever been opened: it decides whether a timeout is the host's or the path's.
   */
  record(url: URL, exchange: Exchange, connects: boolean, now = Date.now()): void {
    const scope = failureScope(exchange.error?.code, connects);
    if (scope === 'host') this.#fail(url.origin, exchange.error!, now);
    else if (scope === 'path') this.#fail(pathKey(url), exchange.error!, now);
    else if (this.#state.size > 0) {
      // An answer, even a malformed one: the host is up and this path responds.
      this.#state.delete(url.origin);
      this.#state.delete(pathKey(url));
    }
  }

  #fail(key: string, error: ProbeError, now: number): void {
    const state = this.#state.get(key) ?? { failures: 0, openUntil: 0 };
    state.failures += 1;
    if (state.failures >= this.#threshold) {
      state.error = error;
      state.openUntil = now + this.#coolDownMs;
    }
    this.#state.set(key, state);
  }
}

/** One path of a host: the origin and the path, without the query (a stalled handler is a path). */
export const pathKey = (url: URL): string => `${url.origin} ${url.pathname}`;
