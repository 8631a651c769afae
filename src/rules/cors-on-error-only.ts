import { corsCheck } from '../cors/check.js';
import { defineRule } from '../model/rule.js';
import type { CorsView } from '../model/observation.js';
import { ACTUAL_METHODS, ERROR_STATUS } from '../probe/preflight-families.js';
import { evidenceOf, groupBy } from './shared/helpers.js';
import { byTrustFirst, grants, isPreflight, verdictData } from './shared/preflight-helpers.js';

const describe = (view: CorsView): string => `${view.probe.method} ${new URL(view.probe.url).pathname} → ${view.status}`;

export default defineRule({
  id: 'cors-on-error-only',
  meta: {
    title: 'CORS headers on some statuses or paths but not others',
    description:
      'For the same origin, some responses carry the CORS grant and others have no CORS headers at all: typically nginx add_header without "always" (headers only on 2xx/3xx), or an error page served by another layer. Browsers then hide the missing responses from the page: fetch() rejects with a TypeError, so the front end cannot see a 401, 404 or 500 and cannot react to it.',
    severity: 'low',
    category: 'inconsistent',
    remediation:
      'Send the same CORS headers on every status and path, errors included (nginx: add_header ... always; frameworks: put the CORS middleware before error handling).',
    references: ['https://fetch.spec.whatwg.org/#concept-cors-check', 'https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header'],
    cwe: ['CWE-16'],
    precision: 'high',
  },
  requires: [ERROR_STATUS, ACTUAL_METHODS, 'arbitrary-origin', 'trusted-origin'],
  messages: {
    missingOnErrors: (d: { origin: string; granted: string; missing: string; verdict: string; reason: string }) =>
      `${d.origin} is granted on ${d.granted} but gets no CORS headers on ${d.missing}: Chrome, Firefox and Safari hide those error responses, so the page sees a network error instead of the status. Send the CORS headers on errors too (nginx: add_header ... always).`,
    onlyOnErrors: (d: { origin: string; granted: string; missing: string; verdict: string; reason: string }) =>
      `${d.origin} is granted only on error responses (${d.granted}) and gets no CORS headers on ${d.missing}: browsers let the page read the errors but hide the successful answers. Send the CORS headers on every status.`,
  },
  check(obs) {
    const hits = [];
    const simple = obs.views.filter((view) => !isPreflight(view) && view.probe.method !== 'OPTIONS' && view.requestOrigin !== null);
    const groups = [...groupBy(simple, (view) => view.requestOrigin!).entries()].map(([origin, views]) => ({ origin, views }));
    for (const { origin, views } of byTrustFirst(obs, groups)) {
      // "Absent" means no Access-Control-Allow-Origin at all; a different value is another rule's defect.
      const granted = views.filter((view) => grants(view, origin));
      const bare = views.filter((view) => view.allowOrigin.length === 0);
      const ok = (view: CorsView) => view.status < 400;
      const grantedOk = granted.filter(ok);
      const grantedError = granted.filter((view) => !ok(view));
      const bareError = bare.filter((view) => !ok(view));
      const bareOk = bare.filter(ok);
      if (grantedOk.length > 0 && bareError.length > 0) {
        hits.push({
          messageId: 'missingOnErrors' as const,
          data: { origin, granted: describe(grantedOk[0]!), missing: bareError.map(describe).join(', '), ...verdictData(corsCheck(bareError[0]!, origin, 'omit')) },
          evidence: evidenceOf([grantedOk[0]!, ...bareError]),
        });
      } else if (grantedError.length > 0 && bareOk.length > 0 && grantedOk.length === 0) {
        hits.push({
          messageId: 'onlyOnErrors' as const,
          data: { origin, granted: grantedError.map(describe).join(', '), missing: bareOk.map(describe).join(', '), ...verdictData(corsCheck(bareOk[0]!, origin, 'omit')) },
          evidence: evidenceOf([...grantedError.slice(0, 1), ...bareOk]),
        });
      }
      if (hits.length > 0) break; // one origin tells the story; trusted ones come first
    }
    return hits;
  },
});
