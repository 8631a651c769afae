import { defineRule } from '../model/rule.js';
import { ATTACKER_DOMAIN } from '../probe/attacker.js';
import { noMutationReason } from '../probe/origin-mutations.js';
import { classify, coverageReason, coveredByContains, coveredByEndsWith, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

const spec: ClassSpec = {
  family: 'unescaped-dot-mutation',
  exempt: 'known',
  // appxvictim.com also ends with victim.com: an endsWith check explains it better.
  explainedBy: (origin, matchers) => coveredByContains(origin, matchers) ?? coveredByEndsWith(origin, matchers),
};

export default defineRule({
  id: 'unescaped-dot',
  meta: {
    title: 'A trusted origin is matched by a regex with unescaped dots',
    description:
      'The server accepts https://appxvictim.com where https://app.victim.com is trusted: a regular expression uses "." (any character) where it meant a literal dot. appxvictim.com is a separate domain anyone can register.',
    severity: 'high',
    category: 'permissive',
    remediation: 'Escape every dot in origin regexes (\\.), anchor them (^...$), or better, compare against an exact allowlist without regexes.',
    references: ['https://portswigger.net/web-security/cors#errors-parsing-origin-headers', 'https://github.com/wso2/api-manager/issues/3832'],
    cwe: ['CWE-942', 'CWE-185'],
    precision: 'high',
  },
  requires: ['arbitrary-origin', 'trusted-candidate', 'trusted-origin', 'unescaped-dot-mutation', 'substring-mutation', 'suffix-mutation'],
  messages: {
    anchored: (d: TrustData) =>
      `${d.origin}, a trusted host with a dot replaced (a regex "." left unescaped), is granted ${impact(d, 'a page on that registrable look-alike domain')}.`,
    unanchored: (d: TrustData) =>
      `${d.origin}, a trusted host with its dots replaced inside an attacker domain (a regex with unescaped dots and no end anchor), is granted ${impact(d, 'a page on it')}.`,
  },
  appliesTo: (site) => noMutationReason(site) ?? true,
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    if (open.length === 0) return undefined;
    const anchored = open.filter((view) => !view.requestOrigin!.endsWith(`.${ATTACKER_DOMAIN}`));
    return anchored.length > 0 ? trustHit('anchored', anchored, 'high') : trustHit('unanchored', open, 'high');
  },
});
