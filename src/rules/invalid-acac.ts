import { combinedValue } from '../cors/check.js';
import { defineRule } from '../model/rule.js';
import { evidenceOf, groupBy, VALIDITY_FAMILIES } from './shared/helpers.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';

export default defineRule({
  id: 'invalid-acac',
  meta: {
    title: 'Access-Control-Allow-Credentials is not exactly "true"',
    description:
      'Fetch defines Access-Control-Allow-Credentials = %s"true", compared case-sensitively after combining all lines. "True", "1", "yes" or two lines never enable credentialed CORS.',
    severity: 'medium',
    category: 'invalid',
    remediation:
      'Send a single Access-Control-Allow-Credentials: true where credentialed access is meant, and no such header anywhere else ("false" is not a value; omit the header).',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-allow-credentials', 'https://fetch.spec.whatwg.org/#concept-cors-check'],
    cwe: ['CWE-942'],
    precision: 'very-high',
  },
  requires: [...VALIDITY_FAMILIES, PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    notExactlyTrue: (d: { value: string }) =>
      `Access-Control-Allow-Credentials "${d.value}" is not exactly "true": browsers block every credentialed request to this response.`,
    meaningless: (d: { value: string }) =>
      `Access-Control-Allow-Credentials "${d.value}" has no meaning: only "true" is defined, any other value is the same as sending nothing.`,
  },
  check(obs) {
    const bad = obs.views.filter((view) => view.allowCredentialsRaw.length > 0 && combinedValue(view.allowCredentialsRaw) !== 'true');
    return [...groupBy(bad, (view) => combinedValue(view.allowCredentialsRaw)!).entries()].map(([value, views]) => {
      // "True", "TRUE" or "true, true": someone meant to enable credentials and it silently does not work.
      const meantTrue = value.split(',').every((part) => part.trim().toLowerCase() === 'true');
      return meantTrue
        ? { messageId: 'notExactlyTrue' as const, data: { value }, evidence: evidenceOf(views) }
        : { messageId: 'meaningless' as const, data: { value }, evidence: evidenceOf(views), severity: 'low' as const };
    });
  },
});
