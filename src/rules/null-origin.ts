import { grantsExactOrigin } from '../cors/check.js';
import { defineRule } from '../model/rule.js';
import { trustHit, type TrustData } from './shared/origin-trust.js';

export default defineRule({
  id: 'null-origin',
  meta: {
    title: 'Origin: null is trusted',
    description:
      'The server answers Origin: null with Access-Control-Allow-Origin: null. Browsers send null from sandboxed iframes, data: URLs and some redirects, all of which any attacker can produce.',
    severity: 'high',
    category: 'permissive',
    remediation: 'Never allow the origin "null"; allow only the exact https origins of your front ends.',
    references: ['https://fetch.spec.whatwg.org/#origin-header', 'https://w3c.github.io/webappsec-cors-for-developers/#avoid-returning-access-control-allow-origin-null'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'very-high',
  },
  requires: ['null-origin'],
  messages: {
    nullAllowed: (_d: TrustData) => 'Origin: null is granted: a sandboxed iframe on any website can read these responses.',
    nullAllowedWithCredentials: (_d: TrustData) =>
      'Origin: null is granted with Access-Control-Allow-Credentials: true: a sandboxed iframe on any website can read these responses as the logged-in victim.',
  },
  check(obs) {
    // Reported even when every origin is reflected: allowlists often hold "null" on purpose
    // (sandboxed previews), so it survives the fix of a reflection.
    const grants = obs.family('null-origin').filter((view) => grantsExactOrigin(view, 'null'));
    if (grants.length === 0) return undefined;
    return trustHit(grants.some((view) => view.allowCredentials) ? 'nullAllowedWithCredentials' : 'nullAllowed', grants, 'high');
  },
});
