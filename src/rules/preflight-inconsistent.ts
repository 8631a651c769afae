import { corsCheck, corsCheckHeaders } from '../cors/check.js';
import { defineRule } from '../model/rule.js';
import type { CorsView } from '../model/observation.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { evidenceOf } from './shared/helpers.js';
import { actualGets, byTrustFirst, preflightViews, verdictData } from './shared/preflight-helpers.js';

type Kind = 'preflightOnly' | 'credentialsOnlyOnActual' | 'credentialsOnlyOnPreflight';

export default defineRule({
  id: 'preflight-inconsistent',
  meta: {
    title: 'Preflight and actual response disagree',
    description:
      'The preflight grants an origin (or credentials) that the actual response does not, or the other way round. Browsers apply the CORS check to both: the request is sent after a passing preflight and its response is then hidden, or credentialed non-simple requests fail at the preflight although the API allows credentials.',
    severity: 'medium',
    category: 'inconsistent',
    remediation:
      'Compute Access-Control-Allow-Origin and Access-Control-Allow-Credentials once, from the same allowlist, and send them on the preflight and on the actual response alike (Fetch: credentials support must be indicated on the preflight as well).',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-allow-credentials', 'https://fetch.spec.whatwg.org/#cors-preflight-fetch'],
    cwe: ['CWE-942'],
    precision: 'high',
  },
  requires: [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED, 'arbitrary-origin', 'trusted-origin'],
  messages: {
    preflightOnly: (d: { origin: string; verdict: string; reason: string }) =>
      `The preflight grants ${d.origin} but the actual GET does not (${d.reason}): browsers send the PUT/PATCH/DELETE (its side effects happen) and then hide the response; fetch() rejects in Chrome, Firefox and Safari. Send the same Access-Control-Allow-Origin on both.`,
    credentialsOnlyOnActual: (d: { origin: string; verdict: string; reason: string }) =>
      `The actual response allows credentials for ${d.origin} but the preflight does not (${d.reason}): every credentialed non-simple request (fetch with credentials: "include" and a JSON body, PUT, DELETE or custom headers) fails its preflight in all browsers. Add Access-Control-Allow-Credentials: true to the preflight.`,
    credentialsOnlyOnPreflight: (d: { origin: string; verdict: string; reason: string }) =>
      `The preflight allows credentials for ${d.origin} but the actual response does not (${d.reason}): browsers send the credentialed request with cookies and then block its response. Send Access-Control-Allow-Credentials: true on the actual response too, or on neither.`,
  },
  fix: () => ({ advice: 'Apply one CORS policy to both the preflight and the actual request', answer: 'preflight' }),
  check(obs) {
    const found = new Map<string, { origin: string; kind: Kind; reason: string; views: CorsView[] }>();
    for (const preflight of preflightViews(obs)) {
      if (preflight.status < 200 || preflight.status > 299) continue; // preflight-failure's case
      const origin = preflight.requestOrigin!;
      // Origin: null is no front end's: a preflight granting it is null-origin's finding, not a breakage.
      if (origin === 'null') continue;
      for (const actual of actualGets(obs, origin)) {
        const pre = corsCheckHeaders(preflight.headers, origin, 'omit');
        const act = corsCheck(actual, origin, 'omit');
        let kind: Kind | undefined;
        let reason = '';
        if (pre.allowed && !act.allowed) {
          kind = 'preflightOnly';
          reason = act.reason;
        } else if (pre.allowed && act.allowed) {
          const preCred = corsCheckHeaders(preflight.headers, origin, 'include');
          const actCred = corsCheck(actual, origin, 'include');
          if (actCred.allowed && !preCred.allowed) [kind, reason] = ['credentialsOnlyOnActual', preCred.reason];
          else if (preCred.allowed && !actCred.allowed) [kind, reason] = ['credentialsOnlyOnPreflight', actCred.reason];
        }
        const key = `${origin} ${kind}`;
        if (kind && !found.has(key)) found.set(key, { origin, kind, reason, views: [preflight, actual] });
      }
    }
    return byTrustFirst(obs, [...found.values()]).map(({ origin, kind, reason, views }) => ({
      messageId: kind,
      data: { origin, ...verdictData({ allowed: false, reason }) },
      evidence: evidenceOf(views),
    }));
  },
});
