import { defineRule } from '../model/rule.js';
import { noMutationReason } from '../probe/origin-mutations.js';
import { classify, coverageReason, coveredByContains, coveredByEndsWith, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

const spec: ClassSpec = {
  family: 'any-subdomain-origin',
  exempt: 'known',
  explainedBy: (origin, matchers) => coveredByContains(origin, matchers) ?? coveredByEndsWith(origin, matchers),
};

export default defineRule({
  id: 'any-subdomain',
  meta: {
    title: 'Every subdomain of the site is trusted',
    description:
      'The server grants a made-up subdomain (https://corscan-subdomain.victim.com): it trusts *.victim.com. Then an XSS on any subdomain, a forgotten staging host or a subdomain takeover (a dangling CNAME) reads the API.',
    severity: 'medium',
    category: 'permissive',
    remediation: 'List the front-end origins that need the API exactly instead of a subdomain pattern; if a pattern is unavoidable, keep credentials off it.',
    references: ['https://portswigger.net/web-security/cors#exploiting-xss-via-cors-trust-relationships'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'high',
  },
  requires: ['arbitrary-origin', 'trusted-candidate', 'trusted-origin', 'any-subdomain-origin', 'suffix-mutation', 'substring-mutation'],
  messages: {
    anySubdomain: (d: TrustData) =>
      `${d.origin}, a subdomain nobody configured, is granted ${impact(d, 'XSS or a takeover on any subdomain')}.`,
  },
  appliesTo: (site) => noMutationReason(site) ?? true,
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    return open.length > 0 ? trustHit('anySubdomain', open, 'medium') : undefined;
  },
});
