import { defineRule } from '../model/rule.js';
import { grantedProbes, trustHit, type TrustData } from './shared/origin-trust.js';

export default defineRule({
  id: 'origin-reflection',
  meta: {
    title: 'Any Origin is echoed in Access-Control-Allow-Origin',
    description:
      'The server copies whatever Origin it receives into Access-Control-Allow-Origin, so every website can read its responses from a visitor\'s browser.',
    severity: 'high',
    category: 'permissive',
    remediation:
      'Compare Origin against an exact allowlist of serialized origins and answer only those; never echo the header back unchecked.',
    references: ['https://fetch.spec.whatwg.org/#http-cors-protocol', 'https://portswigger.net/web-security/cors'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'very-high',
  },
  requires: ['arbitrary-origin'],
  messages: {
    reflected: (d: TrustData) =>
      `Origin ${d.origin} (an unrelated site) is granted: any website can read these responses.`,
    reflectedWithCredentials: (d: TrustData) =>
      `Origin ${d.origin} (an unrelated site) is granted with Access-Control-Allow-Credentials: true: any website can read these responses as the logged-in victim.`,
  },
  check(obs) {
    const grants = grantedProbes(obs, 'arbitrary-origin');
    if (grants.length === 0) return undefined;
    return trustHit(grants.some((view) => view.allowCredentials) ? 'reflectedWithCredentials' : 'reflected', grants, 'high');
  },
});
