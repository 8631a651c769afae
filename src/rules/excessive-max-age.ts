import { CHROMIUM_MAX_AGE_CAP, FIREFOX_MAX_AGE_CAP, maxAgeOf } from '../cors/preflight.js';
import { defineRule } from '../model/rule.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { evidenceOf, groupBy } from './shared/helpers.js';
import { preflightViews } from './shared/preflight-helpers.js';

export default defineRule({
  id: 'excessive-max-age',
  meta: {
    title: 'Access-Control-Max-Age above browser caps, or invalid',
    description:
      `Browsers cap how long they cache a preflight: Chromium at ${CHROMIUM_MAX_AGE_CAP} s (2 hours), Firefox at ${FIREFOX_MAX_AGE_CAP} s (24 hours). A larger value is silently cut, and a value that is not plain digits (fractional, two lines) falls back to 5 s in Chromium and disables caching in Firefox; a negative one disables caching in both. Either way the configuration does not do what it says, and a long cache keeps a wrong grant alive after a fix.`,
    severity: 'low',
    category: 'invalid',
    remediation: `Send Access-Control-Max-Age as plain seconds no higher than ${CHROMIUM_MAX_AGE_CAP} (e.g. 600 or 7200); send 0 to disable preflight caching.`,
    references: ['https://fetch.spec.whatwg.org/#http-access-control-max-age', 'https://fetch.spec.whatwg.org/#cors-preflight-fetch'],
    cwe: ['CWE-16'],
    precision: 'very-high',
  },
  requires: [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    aboveCap: (d: { value: string; chromium: string; firefox: string }) =>
      `Access-Control-Max-Age ${d.value} is above the browsers' caps: Chromium caches the preflight for ${d.chromium} s and Firefox for ${d.firefox} s, not ${d.value}. Use at most ${CHROMIUM_MAX_AGE_CAP}.`,
    invalid: (d: { value: string; chromium: string; firefox: string }) =>
      `Access-Control-Max-Age "${d.value}" is not plain seconds: Chromium caches the preflight for ${d.chromium} s and Firefox for ${d.firefox} s. Send digits only, or 0 to disable caching.`,
  },
  check(obs) {
    const withMaxAge = preflightViews(obs, true).filter((view) => view.maxAgeRaw.length > 0);
    const hits = [];
    for (const [value, views] of groupBy(withMaxAge, (view) => view.maxAgeRaw.join(', ')).entries()) {
      const caps = maxAgeOf(views[0]!.headers);
      const data = { value, chromium: String(caps.chromium), firefox: String(caps.firefox) };
      if (!/^\d+$/.test(value)) hits.push({ messageId: 'invalid' as const, data, evidence: evidenceOf(views) });
      else if (Number(value) > CHROMIUM_MAX_AGE_CAP) hits.push({ messageId: 'aboveCap' as const, data, evidence: evidenceOf(views) });
    }
    return hits;
  },
});
