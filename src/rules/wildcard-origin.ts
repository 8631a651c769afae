import { defineRule } from '../model/rule.js';
import { allowOriginOf, evidenceOf, VALIDITY_FAMILIES } from './shared/helpers.js';

export default defineRule({
  id: 'wildcard-origin',
  meta: {
    title: 'Access-Control-Allow-Origin: * (public resource)',
    description:
      'Every website can read these responses, without cookies. Right for public data; wrong if the data depends on the network the visitor is on (intranet, VPN, IP allowlists).',
    severity: 'info',
    category: 'permissive',
    remediation:
      'Keep * only for public, unauthenticated data. For anything else, answer an exact allowlist of origins instead.',
    references: ['https://fetch.spec.whatwg.org/#cors-protocol-and-credentials'],
    cwe: ['CWE-942'],
    precision: 'medium',
  },
  requires: VALIDITY_FAMILIES,
  messages: {
    wildcard: () => 'Access-Control-Allow-Origin: * lets every website read these responses (without cookies).',
  },
  check(obs) {
    // With credentials, `*` is a different defect (wildcard-with-credentials).
    const hits = obs.views.filter((view) => allowOriginOf(view) === '*' && !view.allowCredentials);
    return hits.length > 0 ? { messageId: 'wildcard', data: {}, evidence: evidenceOf(hits) } : undefined;
  },
});
