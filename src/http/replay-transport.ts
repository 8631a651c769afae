import { ReplayMissError } from '../model/errors.js';
import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import { replayKey, type Recording } from './recording.js';
import type { Transport } from './transport.js';

/**
 * Answers probes from a recording (`--replay`) without touching the network. A
 * probe the recording lacks throws ReplayMissError (exit 2): an empty answer would
 * silently turn "not recorded" into "no CORS headers", a false negative.
 */
export class ReplayTransport implements Transport {
  readonly #byKey: Map<string, Exchange>;
  readonly #source: string;
  readonly #redactUrl: (url: string) => string;

  /**
   * `redactUrl` is the run's redaction of URLs: a recording holds probe URLs with their
   * secrets (userinfo, `?api_key=`) redacted, so live URLs are matched in that form.
   */
  constructor(recording: Recording, source = 'the recording', redactUrl: (url: string) => string = (url) => url) {
    this.#source = source;
    this.#redactUrl = redactUrl;
    this.#byKey = new Map();
    // A request recorded more than once (the flapping check sends one again, engine/flapping.ts):
    // the first answer is the one the live run's rules judged.
    for (const exchange of recording.exchanges) {
      const key = this.#keyOf(exchange.probe);
      if (!this.#byKey.has(key)) this.#byKey.set(key, exchange);
    }
  }

  #keyOf(spec: Pick<ProbeSpec, 'method' | 'url' | 'headers'>): string {
    return replayKey({ ...spec, url: this.#redactUrl(spec.url) });
  }

  async send(spec: ProbeSpec): Promise<Exchange> {
    const recorded = this.#byKey.get(this.#keyOf(spec));
    if (!recorded) {
      throw new ReplayMissError(
        `${this.#source} has no answer for ${spec.id} (${spec.method} ${this.#redactUrl(spec.url)}, Origin ${spec.origin ?? 'none'}); re-record it with --record`,
      );
    }
    // The live plan's probe is kept (it may carry unredacted headers); only the answer is replayed.
    return { ...recorded, probe: spec };
  }

  async close(): Promise<void> {}
}
