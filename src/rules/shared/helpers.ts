import { combinedValue } from '../../cors/check.js';
import type { CorsView } from '../../model/observation.js';
import type { ProbeFamilyName, ProbeId } from '../../model/probe.js';
import { shiftSeverity, type Severity } from '../../model/severity.js';

/** Most probes a finding lists as evidence; the rest add nothing a reader needs. */
export const MAX_EVIDENCE = 5;

/** A status of 400 or more: error pages are less likely to carry data worth stealing. */
export const isErrorStatus = (view: CorsView): boolean => view.status >= 400;

/**
 * Severity model for origin-trust findings (README "Severity"): the base severity,
 * one level up when the untrusted origin is also granted credentials (the attacker
 * then reads as the logged-in victim), one level down when every grant was on a
 * 4xx/5xx response.
 */
export function trustSeverity(base: Severity, grants: readonly CorsView[]): Severity {
  let severity = base;
  if (grants.some((view) => view.allowCredentials)) severity = shiftSeverity(severity, 1);
  if (grants.length > 0 && grants.every(isErrorStatus)) severity = shiftSeverity(severity, -1);
  return severity;
}

/** Evidence ids of the first views, capped at MAX_EVIDENCE. */
export function evidenceOf(views: readonly CorsView[]): ProbeId[] {
  return views.slice(0, MAX_EVIDENCE).map((view) => view.probeId);
}

/** The combined Access-Control-Allow-Origin value, or null when absent. */
export const allowOriginOf = (view: CorsView): string | null => combinedValue(view.allowOrigin);

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Families every header-validity rule asks for. Those rules then judge every
 * response the scan got, whatever family it came from: a malformed header is
 * broken whichever request drew it.
 */
export const VALIDITY_FAMILIES: readonly ProbeFamilyName[] = ['no-origin', 'own-origin', 'arbitrary-origin', 'null-origin', 'trusted-origin'];
