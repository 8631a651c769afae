import { grantsProbeOrigin } from '../probe/families.js';
import { defineRule } from '../model/rule.js';
import { requestHeader } from '../model/probe.js';
import { trustHit, type TrustData } from './shared/origin-trust.js';
import { isPreflight, verdictOf } from './shared/preflight-helpers.js';

export default defineRule({
  id: 'null-origin',
  meta: {
    title: 'Origin: null is trusted',
    description:
      'The server answers Origin: null with Access-Control-Allow-Origin: null. Browsers send null from sandboxed iframes, data: URLs and some redirects, all of which any attacker can produce. A preflight counts too: when the preflight from null passes with credentials, a sandboxed page on any site sends non-simple requests (JSON bodies, PUT, DELETE) with the victim\'s cookies, even where GET does not grant null.',
    severity: 'high',
    category: 'permissive',
    remediation: 'Never allow the origin "null"; allow only the exact https origins of your front ends (in the gateway that answers preflights too).',
    references: ['https://fetch.spec.whatwg.org/#origin-header', 'https://fetch.spec.whatwg.org/#cors-preflight-fetch', 'https://w3c.github.io/webappsec-cors-for-developers/#avoid-returning-access-control-allow-origin-null'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'very-high',
  },
  requires: ['null-origin'],
  messages: {
    nullAllowed: (_d: TrustData) => 'Origin: null is granted: a sandboxed iframe on any website can read these responses.',
    nullAllowedWithCredentials: (_d: TrustData) =>
      'Origin: null is granted with Access-Control-Allow-Credentials: true: a sandboxed iframe on any website can read these responses as the logged-in victim.',
    nullPreflightAllowed: (d: TrustData & { method: string }) =>
      `The preflight for ${d.method} from Origin: null passes with Access-Control-Allow-Credentials: true, although GET does not grant null: a sandboxed iframe on any website can send ${d.method} requests with JSON bodies and the victim's cookies (and read the answers wherever they grant null as the preflight does).`,
  },
  fix: () => ({ advice: 'Never allow the origin `null` (sandboxed iframes and data: URLs of any site send it)', answer: 'actual' }),
  check(obs) {
    // Reported even when every origin is reflected: allowlists often hold "null" on purpose
    // (sandboxed previews), so it survives the fix of a reflection.
    const views = obs.family('null-origin');
    const grants = views.filter((view) => !isPreflight(view) && grantsProbeOrigin(view));
    if (grants.length > 0) return trustHit(grants.some((view) => view.allowCredentials) ? 'nullAllowedWithCredentials' : 'nullAllowed', grants, 'high');
    // A sandboxed document has an opaque origin, serialized as "null" in Origin (Fetch
    // "serializing a request origin"). Its fetch(…, { credentials: "include" }) of a non-simple
    // request is sent, cookies included, once the CORS-preflight fetch passes in credentials mode
    // "include" (ACAO: null and ACAC: true); the answer then faces its own CORS check. Without
    // credentials a passing preflight gives the page nothing its own server could not send.
    const passing = views.filter((view) => isPreflight(view) && verdictOf(view, 'include').allowed);
    if (passing.length === 0) return undefined;
    return trustHit('nullPreflightAllowed', passing, 'high', { method: requestHeader(passing[0]!.probe, 'access-control-request-method') ?? 'POST' });
  },
});
