import { ATTACKER, type ViewInput } from './views.js';

/** One probe of `family` sending `origin`, keyed by a probe id like the planner's. */
export function probe(family: string, origin: string, input: ViewInput = {}): [string, ViewInput] {
  return [`simple:${family}:${origin}`, { origin, families: [family], ...input }];
}

/** The same probe answered with an exact grant of its Origin (Vary: Origin included). */
export function granted(family: string, origin: string, input: ViewInput = {}): [string, ViewInput] {
  return probe(family, origin, { acao: origin, vary: 'Origin', ...input });
}

/** Builds a views table from probes. */
export const table = (...entries: Array<[string, ViewInput]>): Record<string, ViewInput> => Object.fromEntries(entries);

/** The stage-1 reflection probe refused (the server does not echo everything). */
export const refused = probe('arbitrary-origin', ATTACKER, { vary: 'Origin' });
/** The stage-1 reflection probe granted. */
export const reflected = granted('arbitrary-origin', ATTACKER);
