import { defineRule } from '../model/rule.js';
import { THIRD_PARTY_ORIGINS } from '../probe/third-party-origins.js';
import { classify, coverageReason, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

// Learned trust does not exempt: a server trusting github.io pages is the defect itself.
const spec: ClassSpec = { family: 'third-party-origin', exempt: 'declared' };

const platformOf = (origin: string): string => THIRD_PARTY_ORIGINS.find((entry) => entry.origin === origin)?.platform ?? origin;

export default defineRule({
  id: 'third-party-origin',
  meta: {
    title: 'Origins on public hosting platforms are trusted',
    description:
      'The server grants origins where anyone can publish a page in minutes: a made-up site on github.io, vercel.app, herokuapp.com, an S3 bucket, or the shared origin of an online editor (codepen.io, jsfiddle.net). Usually a pattern like *.github.io or a copied "developer" allowlist.',
    severity: 'high',
    category: 'permissive',
    remediation: 'Allow only the exact origins of your own deployments (https://yourname.github.io), never a platform-wide pattern or an online editor.',
    references: ['https://portswigger.net/web-security/cors', 'https://publicsuffix.org/list/'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'very-high',
  },
  requires: ['arbitrary-origin', 'third-party-origin'],
  messages: {
    thirdParty: (d: TrustData & { platforms: string }) =>
      `${d.origin} is granted ${impact(d, 'anyone who publishes a page there')} (trusted platforms: ${d.platforms}).`,
  },
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    if (open.length === 0) return undefined;
    return trustHit('thirdParty', open, 'high', { platforms: open.map((view) => platformOf(view.requestOrigin!)).join(', ') });
  },
});
