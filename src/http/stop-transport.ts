import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import type { Transport } from './transport.js';

/**
 * Stops sending once `signal` aborts (SIGINT/SIGTERM): probes not yet sent fail
 * at once with ERR_PROBE_ABORTED, so targets in flight finish quickly as partial
 * and the report can be written. Probes already on the wire finish normally.
 */
export class StopTransport implements Transport {
  readonly #inner: Transport;
  readonly #signal: AbortSignal;

  constructor(inner: Transport, signal: AbortSignal) {
    this.#inner = inner;
    this.#signal = signal;
  }

  // Not async: every probe passes here, and an async wrapper costs a promise and ticks for nothing.
  send(spec: ProbeSpec): Promise<Exchange> {
    if (this.#signal.aborted) {
      return Promise.resolve({ probe: spec, error: { code: 'ERR_PROBE_ABORTED', message: 'not sent: the scan was interrupted' }, durationMs: 0, notSent: true });
    }
    return this.#inner.send(spec);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
