import { describeOriginDefect, isSerializedOrigin } from '../cors/origin.js';
import { defineRule } from '../model/rule.js';
import { evidenceOf, groupBy, VALIDITY_FAMILIES } from './shared/helpers.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';

export default defineRule({
  id: 'invalid-acao',
  meta: {
    title: 'Access-Control-Allow-Origin is not a serialized origin',
    description:
      'Browsers compare Access-Control-Allow-Origin with the page\'s serialized origin byte for byte (Fetch CORS check). A trailing slash, a path, upper case, an explicit default port or any other syntax never matches, so CORS fails.',
    severity: 'medium',
    category: 'invalid',
    remediation:
      'Answer with the origin exactly as the browser sent it in the Origin header (scheme://host[:port], lower case, no slash), or "*" for public data.',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-allow-origin', 'https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin'],
    cwe: ['CWE-942'],
    precision: 'very-high',
  },
  requires: [...VALIDITY_FAMILIES, PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    notAnOrigin: (d: { value: string; defect: string }) =>
      `Access-Control-Allow-Origin "${d.value}" is not a serialized origin (${d.defect}); browsers reject every response carrying it.`,
  },
  check(obs) {
    // Lists and duplicate lines are multiple-acao's defect; judge single values only.
    const bad = obs.views.filter((view) => {
      if (view.allowOrigin.length !== 1) return false;
      const value = view.allowOrigin[0]!;
      // An exact echo of the Origin sent matches it byte for byte, even when that Origin is
      // an odd host (special-character probes): it is a grant, not a broken header.
      if (value === view.requestOrigin) return false;
      return !value.includes(',') && value !== '*' && value !== 'null' && !isSerializedOrigin(value);
    });
    return [...groupBy(bad, (view) => view.allowOrigin[0]!).entries()].map(([value, views]) => ({
      messageId: 'notAnOrigin' as const,
      data: { value, defect: describeOriginDefect(value) },
      evidence: evidenceOf(views),
    }));
  },
});
