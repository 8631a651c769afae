import type { TargetResult } from '../model/report.js';

/**
 * The note for a target whose redirect chains were cut at the hop limit, for every human
 * format and stderr alike; undefined when none was. Browsers follow up to 20 redirects, so
 * the kept 3xx is not what a page meets: that final answer was not checked.
 */
export function redirectsCutNote(target: Pick<TargetResult, 'url' | 'redirectsCut'>): string | undefined {
  const cut = target.redirectsCut;
  if (!cut) return undefined;
  const probes = cut.probes === 1 ? '1 probe' : `${cut.probes} probes`;
  return `redirects cut after ${cut.maxHops} hops on ${probes} (next: ${cut.location}): the answer at the end of the chain was not checked`;
}
