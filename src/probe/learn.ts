import { combinedValue, grantsExactOrigin } from '../cors/check.js';
import { isSerializedOrigin } from '../cors/origin.js';
import type { CorsView, SiteInfo } from '../model/observation.js';
import { grantsProbeOrigin } from './families.js';
import { substringNeedle, suffixNeedle } from './origin-mutations.js';
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
  // Candidates are GETs, so only GET answers say so: an echo on POST alone (--unsafe-methods)
  // does not make the GET allowlist's grants meaningless.
  const grantsAnything = views.some(
    (view) => view.probe.families.includes('arbitrary-origin') && view.probe.method === 'GET' && grantsProbeOrigin(view),
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

/** Host of a serialized origin (no URL parsing: probe hosts may be raw). */
const hostOf = (origin: string): string => origin.slice(origin.indexOf('://') + 3);

/**
 * The learned origins an exact matcher granted, for the report and every fix: a learned
 * origin that a proven broad matcher explains is not trusted. A granted made-up subdomain
 * (`*.victim.com` pattern), a granted suffix look-alike (`endsWith('victim.com')`) or a granted
 * substring look-alike (`includes(...)`) grants every candidate under that name, so such a
 * grant shows no trust in that candidate: listing it in a fix would bless the bug's reach.
 * Origins the server named itself in Access-Control-Allow-Origin (a static entry) stay.
 */
export function exactlyTrusted(site: SiteInfo, views: readonly CorsView[]): string[] {
  const granted = (family: ProbeFamilyName): string[] =>
    views.filter((view) => view.probe.families.includes(family) && view.requestOrigin !== null && grantsExactOrigin(view, view.requestOrigin)).map((view) => view.requestOrigin!);
  const needles = (family: ProbeFamilyName, parse: (origin: string) => string | null): string[] =>
    granted(family).flatMap((origin) => {
      const needle = parse(origin);
      return needle === null ? [] : [needle];
    });
  const contains = needles('substring-mutation', substringNeedle);
  const endsWith = needles('suffix-mutation', suffixNeedle);
  const subdomainsOf = granted('any-subdomain-origin').map((origin) => hostOf(origin).slice(hostOf(origin).indexOf('.') + 1));
  const named = new Set(views.flatMap((view) => {
    const value = combinedValue(view.allowOrigin);
    return value !== null && value !== view.requestOrigin ? [value] : [];
  }));
  return site.learnedTrustedOrigins.filter((origin) => {
    if (named.has(origin)) return true;
    // Learned origins are serialized origins: the URL parser gives their host without the port.
    const host = new URL(origin).hostname;
    return !contains.some((needle) => host.includes(needle)) && !endsWith.some((needle) => host.endsWith(needle)) && !subdomainsOf.some((root) => host.endsWith(`.${root}`));
  });
}
