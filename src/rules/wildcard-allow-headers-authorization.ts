import { defineRule } from '../model/rule.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { evidenceOf } from './shared/helpers.js';
import { byTrustFirst, corsRequestOf, preflightViews, verdictData, verdictOf } from './shared/preflight-helpers.js';

export default defineRule({
  id: 'wildcard-allow-headers-authorization',
  meta: {
    title: 'Access-Control-Allow-Headers: * used to allow Authorization',
    description:
      'Fetch makes Authorization the one "CORS non-wildcard request-header name": "*" in Access-Control-Allow-Headers never covers it, with or without credentials. A bearer-token API that relies on "*" fails every preflight that carries Authorization in Firefox and Safari, while Chromium (checked by the browser suite) still lets it through, which makes the defect easy to miss.',
    severity: 'medium',
    category: 'invalid',
    remediation: 'Name it: Access-Control-Allow-Headers: Authorization, Content-Type (or "Authorization, *" for requests without credentials).',
    references: ['https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name', 'https://fetch.spec.whatwg.org/#http-access-control-allow-headers'],
    cwe: ['CWE-942'],
    precision: 'very-high',
  },
  requires: [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    authorizationNotCovered: (d: { origin: string; method: string; verdict: string; reason: string }) =>
      `The ${d.method} preflight from ${d.origin} asks for Authorization and gets only Access-Control-Allow-Headers: * (${d.reason}): Firefox and Safari block every request with an Authorization header (Chromium, as of 156, still lets it through with a deprecation warning). List Authorization by name.`,
  },
  check(obs) {
    // Credentialed answers are wildcard-methods-headers-credentials' case ("*" is literal there anyway).
    const hits = preflightViews(obs)
      .filter((view) => !view.allowCredentials && view.allowHeaders.includes('*'))
      .filter((view) => corsRequestOf(view, 'omit').headers.includes('authorization'))
      .map((view) => ({ view, origin: view.requestOrigin!, verdict: verdictOf(view, 'omit') }))
      // Only Authorization breaks it: without that header the same preflight passes.
      .filter(({ view, verdict }) => !verdict.allowed && verdictOf(view, 'omit', ['authorization']).allowed);
    const first = byTrustFirst(obs, hits)[0];
    if (!first) return undefined;
    return {
      messageId: 'authorizationNotCovered',
      data: { origin: first.origin, method: corsRequestOf(first.view, 'omit').method, ...verdictData(first.verdict) },
      evidence: evidenceOf(hits.map(({ view }) => view)),
    };
  },
});
