import { corsCheck, corsCheckHeaders } from '../cors/check.js';
import { headerValues } from '../cors/headers.js';
import { defineRule } from '../model/rule.js';
import type { CorsView } from '../model/observation.js';
import type { RedirectHop } from '../model/exchange.js';
import { ACTUAL_METHODS, ERROR_STATUS } from '../probe/preflight-families.js';
import { evidenceOf, VALIDITY_FAMILIES } from './shared/helpers.js';
import { byTrustFirst, verdictData } from './shared/preflight-helpers.js';

export default defineRule({
  id: 'redirect-without-cors',
  meta: {
    title: 'A redirect on the way to a CORS response has no CORS headers',
    description:
      'Browsers run the CORS check on every redirect response of a CORS request, not only on the final one (Fetch "HTTP fetch"). A redirect (a trailing-slash 301, http to https, a login hop) without Access-Control-Allow-Origin makes fetch() fail at that hop, although the final URL grants the origin.',
    severity: 'medium',
    category: 'invalid',
    remediation:
      'Send the CORS headers on the redirect response as well, or make clients call the final URL directly (with the trailing slash, over https). After a cross-origin hop browsers send Origin: null, so a chain across origins must grant "null" or "*".',
    references: ['https://fetch.spec.whatwg.org/#http-fetch', 'https://fetch.spec.whatwg.org/#concept-request-tainted-origin'],
    cwe: ['CWE-942'],
    precision: 'high',
  },
  requires: [...VALIDITY_FAMILIES, ACTUAL_METHODS, ERROR_STATUS],
  messages: {
    hopWithoutCors: (d: { origin: string; method: string; url: string; status: string; location: string; verdict: string; reason: string }) =>
      `${d.method} ${d.url} answers ${d.status} → ${d.location} and fails the CORS check for ${d.origin} (${d.reason}); the final URL grants it, but Chrome, Firefox and Safari check every redirect and fail the fetch at this hop. Add the CORS headers to the redirect or call the final URL.`,
  },
  check(obs) {
    const found: Array<{ origin: string; view: CorsView; hop: RedirectHop; reason: string }> = [];
    for (const view of obs.views) {
      const origin = view.requestOrigin;
      if (!view.hops || origin === null) continue;
      // After a cross-origin hop the browser sends Origin: null; the final answer may grant either.
      const finalGrants = corsCheck(view, origin, 'omit').allowed || corsCheck(view, 'null', 'omit').allowed;
      if (!finalGrants) continue;
      for (const hop of view.hops) {
        if (hop.origin === null) continue;
        const verdict = corsCheckHeaders(hop.headers, hop.origin, 'omit');
        if (!verdict.allowed) {
          found.push({ origin, view, hop, reason: verdict.reason });
          break;
        }
      }
    }
    const seen = new Set<string>();
    const hits = [];
    for (const { origin, view, hop, reason } of byTrustFirst(obs, found)) {
      // One finding per redirect status: every path answering 301 without CORS is one defect.
      const key = String(hop.status);
      if (seen.has(key)) continue;
      seen.add(key);
      const same = found.filter((item) => String(item.hop.status) === key).map((item) => item.view);
      hits.push({
        messageId: 'hopWithoutCors' as const,
        data: {
          origin,
          method: hop.method,
          url: hop.url,
          status: String(hop.status),
          location: headerValues(hop.headers, 'location')[0] ?? '',
          ...verdictData({ allowed: false, reason }),
        },
        evidence: evidenceOf([view, ...same.filter((other) => other !== view)]),
      });
    }
    return hits;
  },
});
