import { defineRule } from '../model/rule.js';
import { noMutationReason, specialCharNeedle } from '../probe/origin-mutations.js';
import { classify, coverageReason, coveredByContains, coveredByStartsWith, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

const spec: ClassSpec = {
  family: 'special-chars-mutation',
  exempt: 'known',
  // app.victim.com_.attacker starts with app.victim.com: a startsWith check explains it better.
  explainedBy: (origin, matchers) => coveredByContains(origin, matchers) ?? coveredByStartsWith(origin, matchers),
};

export default defineRule({
  id: 'special-chars',
  meta: {
    title: 'A trusted host followed by a special character is trusted',
    description:
      'The server accepts Origins like https://app.victim.com!.corscan-attacker.example or with a backtick, { } or %60 after the trusted host: its matcher stops at a "word boundary" or a character class that misses them. Browsers with lax host parsing (Safari has accepted such hosts) send these Origins from the attacker\'s subdomain.',
    severity: 'medium',
    category: 'permissive',
    remediation: 'Compare the whole Origin with an exact allowlist entry; a regex must be anchored at both ends (^...$) with escaped dots, never end at \\b.',
    references: ['https://www.corben.io/advanced-cors-techniques/', 'https://portswigger.net/web-security/cors#errors-parsing-origin-headers'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'medium',
  },
  requires: ['arbitrary-origin', 'trusted-candidate', 'trusted-origin', 'special-chars-mutation', 'prefix-mutation', 'substring-mutation'],
  messages: {
    specialChars: (d: TrustData & { chars: string }) =>
      `${d.origin} (a trusted host, then ${d.chars}, then an attacker domain) is granted ${impact(d, 'a page on the attacker\'s subdomain, opened in a browser with lax host parsing,')}.`,
  },
  appliesTo: (site) => noMutationReason(site) ?? true,
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    if (open.length === 0) return undefined;
    const chars = [...new Set(open.map((view) => specialCharNeedle(view.requestOrigin!) ?? '?'))];
    return trustHit('specialChars', open, 'medium', { chars: chars.map((c) => `"${c}"`).join(' ') });
  },
});
