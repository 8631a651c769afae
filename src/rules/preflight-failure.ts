import { defineRule } from '../model/rule.js';
import type { CorsView } from '../model/observation.js';
import { FRONT_END_USAGE } from '../probe/families-usage.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { evidenceOf } from './shared/helpers.js';
import { actualGets, byTrustFirst, grants, isTrustedOrigin, preflightAnswered, preflightViews, verdictData, verdictOf } from './shared/preflight-helpers.js';
import { judgedCalls } from './shared/usage-helpers.js';

export default defineRule({
  id: 'preflight-failure',
  meta: {
    title: 'CORS preflight fails while the actual endpoint serves CORS',
    description:
      'GET answers the origin with CORS headers, but every OPTIONS preflight a browser sends before any non-simple request (PUT, PATCH, DELETE, a JSON body, Authorization or a custom header) answers a non-2xx status or no valid Access-Control-Allow-Origin. Often a different layer (auth middleware, a gateway, a router without an OPTIONS route) answers OPTIONS. Browsers then never send the request. With a HAR of the front end (--har), the exact preflight of every call it makes is sent and judged with the call\'s credentials mode.',
    severity: 'medium',
    category: 'inconsistent',
    remediation:
      'Answer OPTIONS preflights before authentication and routing: status 200 or 204, the same Access-Control-Allow-Origin (and Access-Control-Allow-Credentials) as the actual response, plus Access-Control-Allow-Methods and Access-Control-Allow-Headers. Browsers never send cookies or Authorization on a preflight.',
    references: ['https://fetch.spec.whatwg.org/#cors-preflight-fetch', 'https://fetch.spec.whatwg.org/#ok-status'],
    cwe: ['CWE-942'],
    precision: 'high',
  },
  requires: [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED, 'arbitrary-origin', 'trusted-origin', FRONT_END_USAGE],
  messages: {
    usageRefused: (d: { page: string; method: string; headers: string; credentials: string; status: string; verdict: string; reason: string }) =>
      `The front end on ${d.page} calls ${d.method}${d.headers ? ` with ${d.headers}` : ''}${d.credentials === 'include' ? ' with credentials' : ''} (recorded in a HAR), and the server refuses that call's preflight (status ${d.status}: ${d.reason}): the browser blocks the call before sending it, with a CORS error in the console.`,
    preflightFails: (d: { origin: string; status: string; verdict: string; reason: string }) =>
      `GET grants ${d.origin}, but its OPTIONS preflight answers ${d.status} and fails the browser's check (${d.reason}): Chrome, Firefox and Safari block every PUT, PATCH, DELETE, JSON POST or request with Authorization or custom headers from ${d.origin} before sending it.`,
  },
  check(obs) {
    // A call the front end really makes (from a HAR) that its preflight refuses is the
    // failure users see: reported per call, whatever the other preflights show.
    const refused = judgedCalls(obs).filter((judged) => !judged.allowed);
    const usageHits = refused.map(({ call, view, reason }) => ({
      messageId: 'usageRefused' as const,
      data: { page: call.page, method: call.method, headers: call.headers.join(', '), credentials: call.credentials, status: String(view.status), verdict: 'blocked', reason },
      evidence: [view.probeId],
    }));
    const reported = new Set(refused.map(({ call }) => call.page));
    // Fetch "CORS-preflight fetch": the preflight needs an ok status and must pass the CORS check.
    const failures: Array<{ origin: string; actual: CorsView; preflights: CorsView[] }> = [];
    const origins = [...new Set(preflightViews(obs).map((view) => view.requestOrigin!))].filter((origin) => !reported.has(origin));
    for (const origin of origins) {
      const actual = actualGets(obs, origin).find((view) => grants(view, origin));
      if (!actual) continue;
      // Only status and origin failures, and only when no preflight from the origin gets through
      // them: many servers answer a method or header they do not allow with 403 (Spring, jub0bs/cors),
      // which is their policy. When every preflight fails, a layer in front answers OPTIONS.
      const mine = preflightViews(obs).filter((view) => view.requestOrigin === origin);
      const failing = mine.filter((view) => !preflightAnswered(view, 'omit'));
      if (failing.length > 0 && failing.length === mine.length) failures.push({ origin, actual, preflights: failing });
    }
    const first = byTrustFirst(obs, failures)[0];
    if (!first) return usageHits;
    const preflight = first.preflights[0]!;
    const verdict = verdictOf(preflight, 'omit');
    // Through `*` only, with no trusted origin affected: likely public read-only data. And
    // 403 everywhere is how CORS libraries (Spring, jub0bs/cors) refuse methods and headers they
    // do not allow; corscan's probes only ask for PUT/DELETE/PATCH, which the API may not offer.
    const wildcardOnly = !isTrustedOrigin(obs, first.origin) && first.actual.allowOrigin.join(', ') === '*';
    const refusedByPolicy = first.preflights.every((view) => view.status === 403);
    return [
      ...usageHits,
      {
        messageId: 'preflightFails' as const,
        data: { origin: first.origin, status: String(preflight.status), ...verdictData(verdict) },
        evidence: evidenceOf([first.actual, ...first.preflights]),
        ...(wildcardOnly || refusedByPolicy ? { severity: 'low' as const } : {}),
      },
    ];
  },
});
