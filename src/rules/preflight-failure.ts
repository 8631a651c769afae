import { defineRule } from '../model/rule.js';
import type { CorsView, Observations } from '../model/observation.js';
import { requestHeader } from '../model/probe.js';
import { FRONT_END_USAGE } from '../probe/families-usage.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { evidenceOf } from './shared/helpers.js';
import { actualGets, byTrustFirst, corsRequestOf, grants, isFrontEndPreflight, isTrustedOrigin, preflightAnswered, preflightViews, servedMethods, verdictData, verdictOf } from './shared/preflight-helpers.js';
import { judgedCalls } from './shared/usage-helpers.js';

/** Authentication schemes whose Authorization header the browser itself adds (not page script): no preflight lists it. */
const BROWSER_SCHEMES = ['basic', 'digest', 'negotiate', 'ntlm'];

/**
 * Why a front end of this endpoint sends an Authorization header, if it shows: the user scans it
 * with one (the token its front end sends too), or it challenges for one (a 401 with
 * WWW-Authenticate, RFC 9110 §11.6.1) in a scheme page script supplies, such as Bearer (RFC 6750).
 */
function authorizationNeed(obs: Observations): string | undefined {
  if (obs.planned.some((probe) => probe.method !== 'OPTIONS' && scriptScheme(requestHeader(probe, 'authorization')))) return 'you scanned it with an Authorization header';
  for (const view of obs.views) {
    if (view.status !== 401) continue;
    const scheme = scriptScheme(view.headers.find(([name]) => name.toLowerCase() === 'www-authenticate')?.[1]);
    if (scheme) return `it answers 401 with WWW-Authenticate: ${scheme}`;
  }
  return undefined;
}

/**
 * The auth-scheme of an Authorization or WWW-Authenticate value when page script supplies it
 * (Bearer, Token, …), else undefined. The scheme is a token (RFC 9110 §11.6.1): nothing else of
 * the value is kept, so no credential or server text reaches a message.
 */
function scriptScheme(value: string | undefined): string | undefined {
  const scheme = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec((value ?? '').trim())?.[0];
  return scheme && !BROWSER_SCHEMES.includes(scheme.toLowerCase()) ? scheme : undefined;
}

/**
 * True when the preflight fails only because Authorization is not allowed. `*` is left to
 * wildcard-allow-headers-authorization (Fetch: `*` never covers Authorization).
 */
function refusesOnlyAuthorization(view: CorsView): boolean {
  return (
    corsRequestOf(view, 'omit').headers.includes('authorization') &&
    !view.allowHeaders.some((value) => value.split(',').some((name) => name.trim() === '*')) &&
    !verdictOf(view, 'omit').allowed &&
    verdictOf(view, 'omit', ['authorization']).allowed
  );
}

/** `PUT with authorization, content-type`: the page request a preflight stands for. */
function describeRequest(view: CorsView): string {
  const method = requestHeader(view.probe, 'access-control-request-method') ?? 'GET';
  const headers = requestHeader(view.probe, 'access-control-request-headers');
  return headers ? `${method} with ${headers.split(',').join(', ')}` : method;
}

export default defineRule({
  id: 'preflight-failure',
  meta: {
    title: 'CORS preflight fails while the actual endpoint serves CORS',
    description:
      'GET answers the origin with CORS headers, but the OPTIONS preflight a front end of this endpoint needs (a method the endpoint serves, with Content-Type: application/json or Authorization) answers a non-2xx status or no valid Access-Control-Allow-Origin, or leaves Authorization out of Access-Control-Allow-Headers although the endpoint takes a token there (it answers 401 with a Bearer-style WWW-Authenticate challenge, or you scan it with an Authorization header). Often a different layer (auth middleware, a gateway, a router without an OPTIONS route) answers OPTIONS. Browsers then never send the request. With a HAR of the front end (--har), the exact preflight of every call it makes is sent and judged with the call\'s credentials mode.',
    severity: 'medium',
    category: 'inconsistent',
    remediation:
      'Answer OPTIONS preflights before authentication and routing: status 200 or 204, the same Access-Control-Allow-Origin (and Access-Control-Allow-Credentials) as the actual response, plus Access-Control-Allow-Methods and Access-Control-Allow-Headers. Browsers never send cookies or Authorization on a preflight.',
    references: ['https://fetch.spec.whatwg.org/#cors-preflight-fetch', 'https://fetch.spec.whatwg.org/#ok-status'],
    cwe: ['CWE-942'],
    precision: 'high',
  },
  requires: [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED, 'arbitrary-origin', 'trusted-origin', 'expected-policy', FRONT_END_USAGE],
  messages: {
    usageRefused: (d: { page: string; method: string; headers: string; credentials: string; status: string; verdict: string; reason: string }) =>
      `The front end on ${d.page} calls ${d.method}${d.headers ? ` with ${d.headers}` : ''}${d.credentials === 'include' ? ' with credentials' : ''} (recorded in a HAR), and the server refuses that call's preflight (status ${d.status}: ${d.reason}): the browser blocks the call before sending it, with a CORS error in the console.`,
    preflightFails: (d: { origin: string; requests: string; status: string; verdict: string; reason: string }) =>
      `GET grants ${d.origin}, but the OPTIONS preflight for ${d.requests} answers ${d.status} and fails the browser's check (${d.reason}): Chrome, Firefox and Safari block those requests from ${d.origin} before sending them.`,
    authorizationRefused: (d: { origin: string; requests: string; status: string; verdict: string; reason: string; because: string }) =>
      `The endpoint takes its credentials in the Authorization header (${d.because}), but the preflight for ${d.requests} from ${d.origin} does not allow that header (${d.reason}): Chrome, Firefox and Safari block every request of the front end that carries the token before sending it.`,
  },
  fix: (data) =>
    data['because'] !== undefined
      ? { advice: 'List `Authorization` in `Access-Control-Allow-Headers` (page script sends the token there)', answer: 'preflight', allowHeaders: ['Authorization'] }
      : { advice: 'Answer the OPTIONS preflight with 2xx and the CORS headers before authentication or routing can reject it', answer: 'preflight' },
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
    // Only the preflights a real front end of this endpoint sends are judged: methods the endpoint
    // serves (a GET-only route that answers 404 to a PUT preflight breaks nothing), with the common
    // headers, not the made-up method and header of the reflection tests.
    const served = servedMethods(obs);
    const authorization = authorizationNeed(obs);
    const failures: Array<{ origin: string; actual: CorsView; preflights: CorsView[] }> = [];
    const authorizationFailures: Array<{ origin: string; actual: CorsView; preflights: CorsView[] }> = [];
    // Origin: null is no front end's (null-origin judges its grants): its refused preflight breaks nothing.
    const origins = [...new Set(preflightViews(obs).map((view) => view.requestOrigin!))].filter((origin) => !reported.has(origin) && origin !== 'null');
    for (const origin of origins) {
      const actual = actualGets(obs, origin).find((view) => grants(view, origin));
      if (!actual) continue;
      // A page reading public `*` data sends no Authorization on a GET; a bearer-token read is the
      // front end of an API that answers per origin.
      const wildcard = actual.allowOrigin.join(', ') === '*';
      const needed = preflightViews(obs).filter((view) => {
        if (view.requestOrigin !== origin || !isFrontEndPreflight(view)) return false;
        const method = requestHeader(view.probe, 'access-control-request-method')!.toUpperCase();
        return served.has(method) && !(wildcard && method === 'GET');
      });
      // Status and origin failures. A method or header left out of the allow lists is the server's
      // policy (policy-drift compares it with the intended one), except Authorization where the
      // endpoint shows its front end must send it: then every authenticated request is blocked.
      const failing = needed.filter((view) => !preflightAnswered(view, 'omit'));
      if (failing.length > 0) failures.push({ origin, actual, preflights: failing });
      const noAuthorization = authorization ? needed.filter(refusesOnlyAuthorization) : [];
      if (noAuthorization.length > 0) authorizationFailures.push({ origin, actual, preflights: noAuthorization });
    }
    const first = byTrustFirst(obs, failures)[0];
    const firstAuthorization = byTrustFirst(obs, authorizationFailures)[0];
    if (!first && firstAuthorization && authorization) {
      const preflight = firstAuthorization.preflights[0]!;
      return [
        ...usageHits,
        {
          messageId: 'authorizationRefused' as const,
          data: {
            origin: firstAuthorization.origin,
            requests: firstAuthorization.preflights.map(describeRequest).join('; '),
            status: String(preflight.status),
            ...verdictData(verdictOf(preflight, 'omit')),
            because: authorization,
          },
          evidence: evidenceOf([firstAuthorization.actual, ...firstAuthorization.preflights]),
        },
      ];
    }
    if (!first) return usageHits;
    const preflight = first.preflights[0]!;
    const verdict = verdictOf(preflight, 'omit');
    // Through `*` only, with no trusted origin affected: likely public data. And 403 everywhere is
    // how CORS libraries (Spring, jub0bs/cors) refuse methods and headers they do not allow.
    const wildcardOnly = !isTrustedOrigin(obs, first.origin) && first.actual.allowOrigin.join(', ') === '*';
    const refusedByPolicy = first.preflights.every((view) => view.status === 403);
    return [
      ...usageHits,
      {
        messageId: 'preflightFails' as const,
        data: { origin: first.origin, requests: first.preflights.map(describeRequest).join('; '), status: String(preflight.status), ...verdictData(verdict) },
        evidence: evidenceOf([first.actual, ...first.preflights]),
        ...(wildcardOnly || refusedByPolicy ? { severity: 'low' as const } : {}),
      },
    ];
  },
});
