import type { Exchange, ProbeError, ProbeErrorCode } from '../model/exchange.js';

/** Failures that say the host itself is not answering, not that one request was bad. */
const HOST_FAILURES: ReadonlySet<ProbeErrorCode> = new Set(['ERR_PROBE_TIMEOUT', 'ERR_PROBE_CONNECT', 'ERR_PROBE_DNS', 'ERR_PROBE_TLS']);

/**
 * Stops a dead or stalled host from costing one full timeout per probe. Once
 * `threshold` probes in a row to an origin fail with a host-level error (a whole
 * wave of connections), the probes queued behind them fail at once with the same
 * code for `coolDownMs`; then the host gets another wave. Any answer resets it.
 */
export class HostBreaker {
  readonly #threshold: number;
  readonly #coolDownMs: number;
  readonly #state = new Map<string, { failures: number; error?: ProbeError; openUntil: number }>();

  constructor(threshold: number, coolDownMs: number) {
    this.#threshold = threshold;
    this.#coolDownMs = coolDownMs;
  }

  /** The error to answer with instead of sending, while the origin's breaker is open. */
  check(origin: string, now = Date.now()): ProbeError | undefined {
    const state = this.#state.get(origin);
    if (!state?.error || now >= state.openUntil) return undefined;
    return { code: state.error.code, message: `not sent: ${state.failures} probes in a row to ${origin} failed (${state.error.message})` };
  }

  /** Counts an exchange's outcome for its origin. */
  record(origin: string, exchange: Exchange, now = Date.now()): void {
    if (!exchange.error || !HOST_FAILURES.has(exchange.error.code)) {
      this.#state.delete(origin);
      return;
    }
    const state = this.#state.get(origin) ?? { failures: 0, openUntil: 0 };
    state.failures += 1;
    if (state.failures >= this.#threshold) {
      state.error = exchange.error;
      state.openUntil = now + this.#coolDownMs;
    }
    this.#state.set(origin, state);
  }
}
