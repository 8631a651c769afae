import { defineRule } from '../model/rule.js';
import { noMutationReason, substringNeedle } from '../probe/origin-mutations.js';
import { classify, coverageReason, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

// The broadest look-alike class: only origin-reflection explains it.
const spec: ClassSpec = { family: 'substring-mutation', exempt: 'known' };

export default defineRule({
  id: 'substring-match',
  meta: {
    title: 'An origin that merely contains (or is contained in) a trusted name is trusted',
    description:
      'The server accepts an Origin because the trusted domain appears somewhere inside it (origin.includes("victim.com"), an unanchored regex), or because the Origin appears inside a string of allowed origins (allowed.indexOf(origin) !== -1 on a string). Either way an attacker-registrable domain passes.',
    severity: 'high',
    category: 'permissive',
    remediation:
      'Keep the allowlist as a set of exact origins and test membership of the whole Origin (Set.has, ===); never search strings with includes/indexOf.',
    references: ['https://portswigger.net/web-security/cors#errors-parsing-origin-headers'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'high',
  },
  requires: ['arbitrary-origin', 'trusted-candidate', 'trusted-origin', 'substring-mutation'],
  messages: {
    contains: (d: TrustData) =>
      `${d.origin}, an attacker domain that merely contains a trusted name, is granted ${impact(d, 'a page on it')}.`,
    contained: (d: TrustData) =>
      `${d.origin}, a trusted origin cut short (found inside the allowlist string), is granted ${impact(d, 'a page on that registrable domain')}.`,
  },
  appliesTo: (site) => noMutationReason(site) ?? true,
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    if (open.length === 0) return undefined;
    const contains = open.filter((view) => substringNeedle(view.requestOrigin!) !== null);
    const contained = open.filter((view) => substringNeedle(view.requestOrigin!) === null);
    // Two different bugs (origin.includes(trusted) vs allowlistString.includes(origin)): one finding each.
    return [
      ...(contains.length > 0 ? [trustHit('contains', contains, 'high')] : []),
      ...(contained.length > 0 ? [trustHit('contained', contained, 'high')] : []),
    ];
  },
});
