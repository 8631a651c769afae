import { headerValues } from '../cors/headers.js';
import type { CorsView, Observations } from '../model/observation.js';
import { shiftSeverity } from '../model/severity.js';
import { defineRule } from '../model/rule.js';
import { classify, coverageReason, hostOf, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

const spec: ClassSpec = { family: 'insecure-scheme-origin', exempt: 'known' };

/** Strict-Transport-Security as the target sent it: whether it is on, and for subdomains too. */
function hstsOf(obs: Observations): { on: boolean; subdomains: boolean } {
  const values = obs.views.flatMap((view) => headerValues(view.headers, 'strict-transport-security'));
  const on = values.filter((value) => /max-age\s*=\s*"?[1-9]/i.test(value));
  return { on: on.length > 0, subdomains: on.some((value) => /(^|;)\s*includesubdomains\s*(;|$)/i.test(value)) };
}

/**
 * HSTS the browser has seen from the target makes it upgrade http:// to https://
 * for the target host (and its subdomains with includeSubDomains), so a network
 * attacker cannot serve a page on that http origin once the visitor has been to the API.
 */
function hstsProtects(obs: Observations, view: CorsView): boolean {
  const hsts = hstsOf(obs);
  const host = hostOf(view.requestOrigin!).replace(/:\d+$/, '');
  return hsts.on && (host === obs.site.host || (hsts.subdomains && host.endsWith(`.${obs.site.host}`)));
}

export default defineRule({
  id: 'insecure-scheme',
  meta: {
    title: 'An https API trusts plain-http origins',
    description:
      'The https API grants http:// origins (the http form of its own or of a trusted front end). A network attacker (public Wi-Fi, a hostile proxy) can inject a page into any plain-http origin and read the API from it, which defeats the API\'s TLS.',
    severity: 'medium',
    category: 'permissive',
    remediation: 'Allow https origins only; serve front ends over https with HSTS (includeSubDomains) so no http origin of the site exists.',
    references: ['https://portswigger.net/web-security/cors#breaking-tls-with-poorly-configured-cors', 'https://fetch.spec.whatwg.org/#http-access-control-allow-origin'],
    cwe: ['CWE-942', 'CWE-319'],
    precision: 'high',
  },
  requires: ['arbitrary-origin', 'own-origin', 'trusted-candidate', 'trusted-origin', 'insecure-scheme-origin'],
  messages: {
    insecure: (d: TrustData) => `${d.origin}, a plain-http origin, is granted ${impact(d, 'a network attacker who injects a page into it')}.`,
    insecureHsts: (d: TrustData) =>
      `${d.origin}, a plain-http origin, is granted ${impact(d, 'a network attacker who injects a page into it')}; the target's Strict-Transport-Security lowers the risk for visitors who have been to it before.`,
  },
  appliesTo: (site) =>
    site.scheme === 'https' ? true : 'the target itself is served over plain http: a network attacker reads it directly, trusting http origins adds nothing',
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    if (open.length === 0) return undefined;
    const exposed = open.filter((view) => !hstsProtects(obs, view));
    if (exposed.length > 0) return trustHit('insecure', exposed, 'medium');
    const hit = trustHit('insecureHsts', open, 'medium');
    return { ...hit, severity: shiftSeverity(hit.severity, -1) };
  },
});
