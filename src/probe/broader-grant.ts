import { combinedValue } from '../cors/check.js';
import { grantsProbeOrigin } from './families.js';
import type { CorsView, SiteInfo } from '../model/observation.js';

/**
 * Whether stage 1 already shows a defect so broad that the look-alike probes of
 * stage 2 (mutations of trusted origins, third-party platforms, loopback origins)
 * cannot show anything more: the server grants an unrelated attacker origin
 * (origin-reflection), or answers every origin it was sent with `*` and trusts
 * none in particular (wildcard-origin). Returns the reason the narrower rules are
 * covered, or undefined. One decision for the planner (which then skips those
 * families) and for the rules (which then report `not-applicable` with it).
 */
export function broaderGrant(site: SiteInfo, stage1: readonly CorsView[]): string | undefined {
  // Look-alike probes are GETs: only a GET that grants the attacker explains their grants (an
  // echo on POST alone, seen with --unsafe-methods, says nothing of the GET matcher).
  const arbitraries = stage1.filter((view) => view.probe.families.includes('arbitrary-origin') && view.probe.method === 'GET' && view.requestOrigin !== null);
  const arbitrary = arbitraries[0];
  if (!arbitrary) return undefined;
  // Any of them: some servers echo the attacker only when the request carries a Cookie.
  const reflected = arbitraries.find(grantsProbeOrigin);
  if (reflected) {
    return `covered by origin-reflection: the server grants any origin (${reflected.requestOrigin}), so look-alikes add nothing`;
  }
  // `*` covers look-alikes only when no origin gets more than `*`: a server that answers
  // `*` to strangers but reflects its own front ends (with credentials) may reflect a
  // look-alike of them too, and that is the worse defect.
  const withOrigin = stage1.filter((view) => view.requestOrigin !== null);
  const wildcardOnly = withOrigin.every((view) => {
    const value = combinedValue(view.allowOrigin);
    return value === null || value === '*';
  });
  if (combinedValue(arbitrary.allowOrigin) === '*' && wildcardOnly && site.learnedTrustedOrigins.length === 0) {
    return 'covered by the wildcard: the server answers every origin it was sent, trusted ones included, with *, so look-alikes add nothing';
  }
  return undefined;
}
