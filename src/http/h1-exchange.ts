import type { Dispatcher } from 'undici';
import type { ProbeResponse } from '../model/exchange.js';

/** Body bytes read and dropped; past this the connection is closed instead (rules need headers, not bodies). */
export const H1_DRAIN_LIMIT = 64 * 1024;

/**
 * One HTTP/1.1 exchange as an undici dispatch handler: the raw header lines (so
 * duplicate lines and their casing survive), the body read and dropped.
 *
 * Not undici's `request()`: per request it builds a Readable body stream, registers an
 * abort listener on an AbortSignal and parses the header list a second time, and a scan
 * sends about a hundred requests a target while reading only their header lines: that
 * was the largest share of corscan's CPU per request (`npm run bench -- --only
 * throughput`). The behaviour is the same: a body is drained up to H1_DRAIN_LIMIT (the
 * connection is then reused), a larger one is cut off once its headers are in, and a
 * failure after the headers (a reset, the deadline reached while a body trickles) keeps
 * the response, which is all the rules read.
 */
export class H1Exchange implements Dispatcher.DispatchHandler {
  /** Settles once: the response, or the error that came before any response. */
  readonly done: Promise<ProbeResponse>;
  #resolve!: (response: ProbeResponse) => void;
  #reject!: (error: unknown) => void;
  #settled = false;
  #controller: Dispatcher.DispatchController | undefined;
  /** An abort asked for before undici handed the request over; applied when it does. */
  #pending: Error | undefined;
  #response: ProbeResponse | undefined;
  #bodyBytes = 0;

  constructor() {
    this.done = new Promise<ProbeResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Ends the exchange (deadline, interrupt): an error before the response, the response kept after it. */
  abort(reason: Error): void {
    if (this.#controller) this.#controller.abort(reason);
    else this.#pending ??= reason;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#pending) controller.abort(this.#pending);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    // A 1xx (103 Early Hints) is informational: the final response follows on the same request.
    if (statusCode < 200) return;
    const raw = (controller.rawHeaders ?? []) as Buffer[];
    const lines: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) lines.push([String(raw[i]), String(raw[i + 1]).trim()]);
    this.#response = { status: statusCode, headers: lines, protocol: 'http/1.1' };
    // A declared length past the limit is not read at all.
    const length = Number(headers['content-length']);
    if (length > H1_DRAIN_LIMIT) this.#cutBody(controller);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#bodyBytes += chunk.length;
    if (this.#bodyBytes > H1_DRAIN_LIMIT) this.#cutBody(controller);
  }

  onResponseEnd(): void {
    this.#settle();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#response) this.#settle();
    else if (!this.#settled) {
      this.#settled = true;
      this.#reject(error);
    }
  }

  #cutBody(controller: Dispatcher.DispatchController): void {
    this.#settle();
    controller.abort(new Error('response body past the drain limit: connection closed'));
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve(this.#response!);
  }
}
