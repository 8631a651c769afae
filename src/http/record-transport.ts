import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import { RECORDING_FORMAT_VERSION } from './recording.js';
import type { Transport } from './transport.js';

/** Where the recording goes: a file opened by the CLI (atomic for a regular file, in place for a device or pipe). */
export interface RecordSink {
  write(chunk: string): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export interface RecordOptions {
  sink: RecordSink;
  tool: { name: string; version: string };
  /** Removes secrets before an exchange is written (the engine's redaction; identity with --show-secrets). */
  sanitise(exchange: Exchange): Exchange;
}

/**
 * Writes every exchange to a recording as it happens (`--record`), so memory stays
 * flat on long runs. Writes are chained in order; the first write error is raised
 * by close(), so a lost recording fails the run instead of passing silently.
 */
export class RecordTransport implements Transport {
  readonly #inner: Transport;
  readonly #options: RecordOptions;
  #writing: Promise<void> = Promise.resolve();
  #count = 0;

  constructor(inner: Transport, options: RecordOptions) {
    this.#inner = inner;
    this.#options = options;
    const head = { formatVersion: RECORDING_FORMAT_VERSION, capturedAt: new Date().toISOString(), tool: options.tool };
    this.#write(`${JSON.stringify(head).slice(0, -1)},"exchanges":[`);
  }

  #write(chunk: string): void {
    // After a failure the chain stays rejected: later chunks are dropped and close() reports it.
    this.#writing = this.#writing.then(() => this.#options.sink.write(chunk));
    this.#writing.catch(() => undefined);
  }

  async send(spec: ProbeSpec): Promise<Exchange> {
    const exchange = await this.#inner.send(spec);
    // A probe the interrupt kept from going out, or cut off in flight, is not a recorded answer.
    if (exchange.error?.code === 'ERR_PROBE_ABORTED') return exchange;
    this.#write(`${this.#count++ === 0 ? '\n' : ',\n'}${JSON.stringify(this.#options.sanitise(exchange))}`);
    return exchange;
  }

  async close(): Promise<void> {
    await this.#inner.close();
    this.#write('\n]}\n');
    try {
      await this.#writing;
    } catch (error) {
      await this.#options.sink.discard();
      throw error;
    }
    await this.#options.sink.commit();
  }
}
