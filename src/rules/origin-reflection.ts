import type { CorsView } from '../model/observation.js';
import { defineRule } from '../model/rule.js';
import { requestHeader } from '../model/probe.js';
import { PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { grantedProbes, trustHit, type TrustData } from './shared/origin-trust.js';
import { EXACT, trustFix } from './shared/fix-advice.js';
import { isFrontEndPreflight, verdictOf } from './shared/preflight-helpers.js';

const methodOf = (view: CorsView): string => requestHeader(view.probe, 'access-control-request-method') ?? 'GET';

export default defineRule({
  id: 'origin-reflection',
  meta: {
    title: 'Any Origin is echoed in Access-Control-Allow-Origin',
    description:
      'The server copies whatever Origin it receives into Access-Control-Allow-Origin, so every website can read its responses from a visitor\'s browser. Preflights count too: a gateway that answers OPTIONS and PUT/DELETE while the application answers GET lets any site send those methods with the victim\'s cookies. With --unsafe-methods an actual POST goes from the attacker origin too: an echo on POST answers alone is readable by any site, since a POST with a form or text/plain body needs no preflight.',
    severity: 'high',
    category: 'permissive',
    remediation:
      'Compare Origin against an exact allowlist of serialized origins and answer only those; never echo the header back unchecked (in the gateway or proxy too).',
    references: ['https://fetch.spec.whatwg.org/#http-cors-protocol', 'https://portswigger.net/web-security/cors'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'very-high',
  },
  requires: ['arbitrary-origin', PREFLIGHT_UNTRUSTED],
  messages: {
    reflected: (d: TrustData) =>
      `Origin ${d.origin} (an unrelated site) is granted: any website can read these responses.`,
    reflectedWithCredentials: (d: TrustData) =>
      `Origin ${d.origin} (an unrelated site) is granted with Access-Control-Allow-Credentials: true: any website can read these responses as the logged-in victim.`,
    postReflected: (d: TrustData) =>
      `A POST from ${d.origin} (an unrelated site) gets its Origin echoed in Access-Control-Allow-Origin${d.credentials === 'true' ? ' with Access-Control-Allow-Credentials: true' : ''}, although GET does not grant it: a POST with a form or text/plain body needs no preflight, so any website can send one${d.credentials === 'true' ? " with the victim's cookies" : ''} and read the answer.`,
    preflightReflected: (d: TrustData & { method: string }) =>
      `The preflight for ${d.method} from ${d.origin} (an unrelated site) passes with Access-Control-Allow-Credentials: true, although GET does not grant it: any website can send ${d.method} requests with the victim's cookies and read the answers.`,
  },
  fix: (data) => trustFix(data, `never echo Origin unchecked; ${EXACT}`),
  check(obs) {
    const all = grantedProbes(obs, 'arbitrary-origin');
    const grants = all.filter((view) => view.probe.method === 'GET');
    if (grants.length > 0) return trustHit(grants.some((view) => view.allowCredentials) ? 'reflectedWithCredentials' : 'reflected', grants, 'high');
    // An echo on POST answers only (probed with --unsafe-methods): a simple POST (Fetch
    // "CORS-safelisted method" and Content-Type) is sent without a preflight, and its answer
    // passes the CORS check of the page that sent it.
    if (all.length > 0) return trustHit('postReflected', all, 'high');
    // Reflection only on non-GET methods: the unrelated origin's preflight passes the browser's
    // check in credentials mode "include" (Fetch "CORS-preflight fetch"). Without credentials a
    // passing preflight gives an attacker nothing its own server could not send.
    const passing = obs
      .family(PREFLIGHT_UNTRUSTED)
      .filter((view) => isFrontEndPreflight(view) && view.requestOrigin !== null && verdictOf(view, 'include').allowed)
      // Methods that change state first: they are what GET hides.
      .sort((a, b) => Number(methodOf(a) === 'GET') - Number(methodOf(b) === 'GET'));
    if (passing.length === 0) return undefined;
    return trustHit('preflightReflected', passing, 'high', { method: methodOf(passing[0]!) });
  },
});
