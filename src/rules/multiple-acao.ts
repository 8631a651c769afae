import { defineRule } from '../model/rule.js';
import { allowOriginOf, evidenceOf, groupBy, VALIDITY_FAMILIES } from './shared/helpers.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';

export default defineRule({
  id: 'multiple-acao',
  meta: {
    title: 'More than one Access-Control-Allow-Origin value',
    description:
      'The response carries two Access-Control-Allow-Origin lines or a list in one line. Browsers combine the lines and compare the result byte for byte with the page\'s origin, so the check always fails.',
    severity: 'medium',
    category: 'invalid',
    remediation:
      'Send exactly one Access-Control-Allow-Origin line holding one origin: look the request Origin up in your allowlist and answer that one. Check that a proxy and the application do not both add the header.',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-allow-origin', 'https://fetch.spec.whatwg.org/#concept-cors-check'],
    cwe: ['CWE-942'],
    precision: 'very-high',
  },
  requires: [...VALIDITY_FAMILIES, PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    twoLines: (d: { value: string; lines: string }) =>
      `Access-Control-Allow-Origin is sent ${d.lines} times (browsers see "${d.value}"), so every CORS request to it fails.`,
    list: (d: { value: string }) =>
      `Access-Control-Allow-Origin holds a list ("${d.value}"); it may name one origin only, so every CORS request to it fails.`,
  },
  check(obs) {
    // One line that echoes the Origin sent (a probe with "," in its host) is a grant, not a list.
    const bad = obs.views.filter(
      (view) => view.allowOrigin.length > 1 || ((view.allowOrigin[0] ?? '').includes(',') && view.allowOrigin[0] !== view.requestOrigin),
    );
    return [...groupBy(bad, (view) => allowOriginOf(view)!).entries()].map(([value, views]) =>
      views[0]!.allowOrigin.length > 1
        ? { messageId: 'twoLines' as const, data: { value, lines: String(views[0]!.allowOrigin.length) }, evidence: evidenceOf(views) }
        : { messageId: 'list' as const, data: { value }, evidence: evidenceOf(views) },
    );
  },
});
