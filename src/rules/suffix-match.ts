import { defineRule } from '../model/rule.js';
import { noMutationReason } from '../probe/origin-mutations.js';
import { classify, coverageReason, coveredByContains, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

const spec: ClassSpec = { family: 'suffix-mutation', exempt: 'known', explainedBy: coveredByContains };

export default defineRule({
  id: 'suffix-match',
  meta: {
    title: 'A domain that merely ends with the trusted domain is trusted',
    description:
      'The server accepts an Origin whose host only ends with the site\'s domain (corscanvictim.com for victim.com), typically origin.endsWith("victim.com") or a regex without a dot before the domain. Anyone can register such a domain and read the responses from a page there.',
    severity: 'high',
    category: 'permissive',
    remediation:
      'Compare the whole Origin against an exact allowlist. If subdomains must be trusted, parse the Origin and require the host to equal the domain or end with "." plus the domain, over https.',
    references: ['https://portswigger.net/web-security/cors#errors-parsing-origin-headers', 'https://github.com/advisories/GHSA-vhxv-fg4m-p2w8'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'high',
  },
  requires: ['arbitrary-origin', 'trusted-candidate', 'suffix-mutation', 'substring-mutation'],
  messages: {
    suffix: (d: TrustData) =>
      `${d.origin}, a domain anyone can register that only ends with the site's domain, is granted ${impact(d, 'a page on it')}.`,
    concatenation: (d: TrustData) =>
      `${d.origin}, two trusted names glued into one domain anyone can register, is granted ${impact(d, 'a page on it')}.`,
  },
  appliesTo: (site) => noMutationReason(site) ?? true,
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    if (open.length === 0) return undefined;
    // Concatenations never start with the attacker label; plain suffix probes do.
    const plain = open.filter((view) => view.requestOrigin!.startsWith('https://corscan'));
    return plain.length > 0 ? trustHit('suffix', plain, 'high') : trustHit('concatenation', open, 'high');
  },
});
