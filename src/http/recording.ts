import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';
import { corsRequestKey, requestHeader } from '../model/probe.js';

/** Version of the recorded-exchange file (`--record` / `--replay`, fixtures/exchanges/). */
export const RECORDING_FORMAT_VERSION = 1;

/**
 * A recorded-exchange file (design §8.4). Headers are ordered pairs so duplicate
 * lines survive; secret header values are redacted; bodies are never stored.
 * `target` is set when the recording holds one target (fixtures); a recording of a
 * whole run omits it, since every probe carries its URL.
 */
export interface Recording {
  formatVersion: typeof RECORDING_FORMAT_VERSION;
  capturedAt: string;
  tool: { name: string; version: string };
  target?: string;
  exchanges: Exchange[];
}

/**
 * What identifies a probe in a recording: the Origin and what else CORS answers
 * depend on, including WHETHER the request carried a Cookie or Authorization (some
 * servers grant only credentialed requests, and corscan sends both variants), but
 * not their values: those are redacted, so a recording replays under another token.
 */
export function replayKey(spec: Pick<ProbeSpec, 'method' | 'url' | 'headers'>): string {
  const carries = ['cookie', 'authorization'].map((name) => (requestHeader(spec, name) === undefined ? '-' : name)).join(',');
  return `${requestHeader(spec, 'origin') ?? ''}\n${carries}\n${corsRequestKey(spec)}`;
}
