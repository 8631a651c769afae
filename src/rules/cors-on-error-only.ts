import { corsCheck } from '../cors/check.js';
import { defineRule } from '../model/rule.js';
import type { CorsView, Observations } from '../model/observation.js';
import { requestHeader, type ProbeSpec } from '../model/probe.js';
import { PROBE_COOKIE } from '../probe/families.js';
import { ACTUAL_METHODS, ERROR_STATUS } from '../probe/preflight-families.js';
import { evidenceOf, groupBy } from './shared/helpers.js';
import { byTrustFirst, grants, isPreflight, verdictData } from './shared/preflight-helpers.js';

/** True when the request carries credentials the user gave (`--header` Cookie or Authorization). */
const hasUserCredentials = (probe: ProbeSpec): boolean =>
  requestHeader(probe, 'authorization') !== undefined || ![undefined, PROBE_COOKIE].includes(requestHeader(probe, 'cookie'));

/** The target's URL without query, as the base its sub-resources extend. */
const basePath = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}/`;
};

/** True for answers of the target itself: the target URL or a sub-resource below it. */
const ofTarget = (obs: Observations, view: CorsView): boolean => view.probe.url === obs.site.url || view.probe.url.startsWith(basePath(obs.site.url));

/** Which answer of the target it is, then what was asked and answered: findings say which. */
function describe(obs: Observations, view: CorsView): string {
  const asked = `${view.probe.method} ${new URL(view.probe.url).pathname} → ${view.status}`;
  if (view.probe.url !== obs.site.url) return `a sub-resource of the target (${asked})`;
  if (view.probe.method !== 'GET') return `another method on the target (${asked})`;
  const userGaveCredentials = obs.planned.some(hasUserCredentials);
  if (userGaveCredentials && !hasUserCredentials(view.probe)) return `the target without your credentials (${asked})`;
  return `the target (${asked})`;
}

export default defineRule({
  id: 'cors-on-error-only',
  meta: {
    title: 'CORS headers on some statuses or paths but not others',
    description:
      'For the same origin, some answers of the target carry the CORS grant and others have no CORS headers at all: typically nginx add_header without "always" (headers only on 2xx/3xx), or an error page served by another layer. Only the target itself is compared: its URL with other methods or without your credentials, and its own sub-resources, never a sibling path a catch-all may answer. Browsers hide the answers without CORS headers from the page: fetch() rejects with a TypeError, so the front end cannot see a 401, 404 or 500 and cannot react to it.',
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
  fix: () => ({
    advice: 'Send the same CORS headers on every status and path (nginx `add_header ... always`, Apache `Header always set`)',
    answer: 'actual',
  }),
  check(obs) {
    const hits = [];
    const simple = obs.views.filter((view) => !isPreflight(view) && view.probe.method !== 'OPTIONS' && view.requestOrigin !== null && ofTarget(obs, view));
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
          data: { origin, granted: describe(obs, grantedOk[0]!), missing: bareError.map((view) => describe(obs, view)).join(', '), ...verdictData(corsCheck(bareError[0]!, origin, 'omit')) },
          evidence: evidenceOf([grantedOk[0]!, ...bareError]),
        });
      } else if (grantedError.length > 0 && bareOk.length > 0 && grantedOk.length === 0) {
        hits.push({
          messageId: 'onlyOnErrors' as const,
          data: { origin, granted: grantedError.map((view) => describe(obs, view)).join(', '), missing: bareOk.map((view) => describe(obs, view)).join(', '), ...verdictData(corsCheck(bareOk[0]!, origin, 'omit')) },
          evidence: evidenceOf([...grantedError.slice(0, 1), ...bareOk]),
        });
      }
      if (hits.length > 0) break; // one origin tells the story; trusted ones come first
    }
    return hits;
  },
});
