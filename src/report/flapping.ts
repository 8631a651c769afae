import type { Flap } from '../model/report.js';

/** What a flapping warning means for the verdicts (the reason is in src/engine/scan.ts). */
export const FLAP_ADVICE = 'its findings stand, but a pass holds only for the answers seen';

/** The flaps of one target grouped by probe, in order. */
export function flapsByProbe(flaps: readonly Flap[]): Map<string, Flap[]> {
  const byProbe = new Map<string, Flap[]>();
  for (const flap of flaps) byProbe.set(flap.probeId, [...(byProbe.get(flap.probeId) ?? []), flap]);
  return byProbe;
}

/**
 * One line naming each probe that was answered differently and the values that changed:
 * `simple:arbitrary-origin answered 3 times: access-control-allow-origin https://a, then (none), then https://a`.
 * Values are used as given: human formats pass them through humanReport (capped, controls visible) first.
 */
export function flapSummary(flaps: readonly Flap[]): string {
  return [...flapsByProbe(flaps)]
    .map(([probeId, fields]) => `${probeId} answered ${fields[0]!.values.length} times: ${fields.map((flap) => `${flap.field} ${flap.values.join(', then ')}`).join('; ')}`)
    .join('; ');
}
