import { defineRule } from '../model/rule.js';
import { allowOriginOf, evidenceOf, VALIDITY_FAMILIES } from './shared/helpers.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';

export default defineRule({
  id: 'wildcard-with-credentials',
  meta: {
    title: 'Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true',
    description:
      'Browsers refuse this combination for credentialed requests (Fetch CORS check), so a front end that sends cookies or uses fetch(..., {credentials: "include"}) is blocked.',
    severity: 'medium',
    category: 'invalid',
    remediation:
      'If credentialed access is meant, answer the exact requesting origin from an allowlist (with Vary: Origin); if not, drop Access-Control-Allow-Credentials.',
    references: ['https://fetch.spec.whatwg.org/#cors-protocol-and-credentials'],
    cwe: ['CWE-942'],
    precision: 'very-high',
  },
  requires: [...VALIDITY_FAMILIES, PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    wildcardWithCredentials: () =>
      'Access-Control-Allow-Origin: * is sent with Access-Control-Allow-Credentials: true; every browser blocks credentialed requests on this response.',
  },
  check(obs) {
    const hits = obs.views.filter((view) => allowOriginOf(view) === '*' && view.allowCredentials);
    return hits.length > 0 ? { messageId: 'wildcardWithCredentials', data: {}, evidence: evidenceOf(hits) } : undefined;
  },
});
