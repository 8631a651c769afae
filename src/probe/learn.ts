import { combinedValue, grantsExactOrigin } from '../cors/check.js';
import { isSerializedOrigin } from '../cors/origin.js';
import type { CorsView, SiteInfo } from '../model/observation.js';
import type { ProbeFamilyName } from '../model/probe.js';

/** Families whose probe origins are candidates for trust (not attacker look-alikes). */
export const CANDIDATE_FAMILIES: readonly ProbeFamilyName[] = ['own-origin', 'trusted-candidate'];

/**
 * Origins the server shows it trusts: a candidate origin it granted, or any
 * serialized origin it named in Access-Control-Allow-Origin for another request
 * (a static allowlist entry). Attacker probes that were granted are defects,
 * not trust, so they are never learned.
 */
export function learnTrustedOrigins(site: SiteInfo, views: readonly CorsView[]): string[] {
  const learned = new Set<string>();
  // A server that grants an unrelated attacker origin grants candidates too: that proves no trust.
  const grantsAnything = views.some(
    (view) => view.probe.families.includes('arbitrary-origin') && view.requestOrigin !== null && grantsExactOrigin(view, view.requestOrigin),
  );
  for (const view of views) {
    const value = combinedValue(view.allowOrigin);
    if (value === null || !isSerializedOrigin(value)) continue;
    const candidate = !grantsAnything && view.probe.families.some((family) => CANDIDATE_FAMILIES.includes(family));
    if (value !== view.requestOrigin || (candidate && grantsExactOrigin(view, value))) learned.add(value);
  }
  for (const known of site.declaredTrustedOrigins) learned.delete(known);
  return [...learned].sort();
}
