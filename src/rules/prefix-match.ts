import { defineRule } from '../model/rule.js';
import { noMutationReason } from '../probe/origin-mutations.js';
import { classify, coverageReason, coveredByContains, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

const spec: ClassSpec = { family: 'prefix-mutation', exempt: 'known', explainedBy: coveredByContains };

export default defineRule({
  id: 'prefix-match',
  meta: {
    title: 'An attacker domain that starts with a trusted origin is trusted',
    description:
      'The server accepts an Origin that only starts with a trusted one (https://app.victim.com.corscan-attacker.example), typically origin.startsWith(...) or a regex without its end anchor. The attacker serves a page from such a subdomain of a domain they own.',
    severity: 'high',
    category: 'permissive',
    remediation: 'Compare the whole Origin for equality with an allowlist entry; anchor every regex at both ends (^...$) and escape its dots.',
    references: ['https://portswigger.net/web-security/cors#errors-parsing-origin-headers'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'high',
  },
  requires: ['arbitrary-origin', 'trusted-candidate', 'trusted-origin', 'prefix-mutation', 'substring-mutation'],
  messages: {
    prefix: (d: TrustData) =>
      `${d.origin}, an attacker's domain that merely starts with a trusted origin, is granted ${impact(d, 'a page on it')}.`,
  },
  appliesTo: (site) => noMutationReason(site) ?? true,
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    return open.length > 0 ? trustHit('prefix', open, 'high') : undefined;
  },
});
