import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import { RECORDING_FORMAT_VERSION } from './recording.js';
import type { Transport } from './transport.js';

export interface RecordOptions {
  path: string;
  tool: { name: string; version: string };
  /** Removes secrets before an exchange is written (the engine's redaction; identity with --show-secrets). */
  sanitise(exchange: Exchange): Exchange;
}

/**
 * Writes every exchange to a recording as it happens (`--record`), so memory stays
 * flat on long runs. The file is written beside its final name and renamed on
 * close, so a reader never sees half a recording.
 */
export class RecordTransport implements Transport {
  readonly #inner: Transport;
  readonly #options: RecordOptions;
  readonly #temporary: string;
  readonly #out: WriteStream;
  #count = 0;

  constructor(inner: Transport, options: RecordOptions) {
    this.#inner = inner;
    this.#options = options;
    this.#temporary = `${resolve(options.path)}.${process.pid}.tmp`;
    this.#out = createWriteStream(this.#temporary);
    const head = { formatVersion: RECORDING_FORMAT_VERSION, capturedAt: new Date().toISOString(), tool: options.tool };
    this.#out.write(`${JSON.stringify(head).slice(0, -1)},"exchanges":[`);
  }

  async send(spec: ProbeSpec): Promise<Exchange> {
    const exchange = await this.#inner.send(spec);
    // A probe the scan never sent (interrupted) is not a recorded answer.
    if (exchange.error?.code === 'ERR_PROBE_ABORTED' && exchange.durationMs === 0) return exchange;
    this.#out.write(`${this.#count++ === 0 ? '\n' : ',\n'}${JSON.stringify(this.#options.sanitise(exchange))}`);
    return exchange;
  }

  async close(): Promise<void> {
    await this.#inner.close();
    await new Promise<void>((done, fail) => this.#out.end('\n]}\n', () => (this.#out.errored ? fail(this.#out.errored) : done())));
    try {
      await rename(this.#temporary, resolve(this.#options.path));
    } catch (error) {
      await rm(this.#temporary, { force: true });
      throw error;
    }
  }
}
