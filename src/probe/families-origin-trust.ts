import type { SiteInfo } from '../model/observation.js';
import type { ProbeFamilyName } from '../model/probe.js';
import type { ProbeDraft, ProbeFamily } from './families.js';
import {
  anySubdomainMutations,
  insecureSchemeMutations,
  prefixMutations,
  protectedOrigins,
  specialCharMutations,
  substringMutations,
  suffixMutations,
  unescapedDotMutations,
  type Mutation,
} from './origin-mutations.js';
import { LOCAL_ORIGINS, THIRD_PARTY_ORIGINS } from './third-party-origins.js';
import { trustedCandidates } from './trusted-candidates.js';

const draft = (family: string, origin: string, why: string): ProbeDraft => ({ variant: `${family}:${origin}`, method: 'GET', origin, why });

/** A stage-2 family from a mutation generator: one GET per look-alike. */
function mutationFamily(name: ProbeFamilyName, generate: (site: SiteInfo) => Mutation[], why: (m: Mutation) => string): ProbeFamily {
  return { name, stage: 2, narrower: true, generate: (site) => generate(site).map((m) => draft(name, m.origin, why(m))) };
}

/** Fixed origins minus the ones the user declared as trusted. */
const fixed = (site: SiteInfo, origins: readonly string[]): string[] => {
  const blocked = protectedOrigins(site);
  return origins.filter((origin) => !blocked.has(origin));
};

/**
 * Probe families of the origin-trust rules. Candidates run in stage 1; look-alikes
 * of trusted origins run in stage 2, once the server has shown which origins it
 * trusts, and so do the fixed lists: none of them is needed for learning, and all
 * are skipped when stage 1 shows a broader grant.
 */
export const ORIGIN_TRUST_FAMILIES: ProbeFamily[] = [
  {
    name: 'trusted-candidate',
    stage: 1,
    generate: (site) => trustedCandidates(site).map((origin) => draft('candidate', origin, 'a front end the site may trust (learning)')),
  },
  {
    name: 'third-party-origin',
    stage: 2,
    narrower: true,
    generate: (site) =>
      fixed(site, THIRD_PARTY_ORIGINS.map((entry) => entry.origin)).map((origin) => draft('third-party', origin, 'a page anyone can host on a third-party platform')),
  },
  {
    name: 'localhost-origin',
    stage: 2,
    narrower: true,
    generate: (site) => fixed(site, LOCAL_ORIGINS).map((origin) => draft('local', origin, 'a loopback or private-network origin')),
  },
  mutationFamily('prefix-mutation', prefixMutations, (m) => `${m.imitates} followed by an attacker domain`),
  mutationFamily('suffix-mutation', suffixMutations, (m) => `an attacker-registrable domain ending with ${m.imitates}`),
  mutationFamily('unescaped-dot-mutation', unescapedDotMutations, (m) => `${m.imitates} with a dot replaced (regex "." unescaped${m.kind === 'unanchored' ? ', no end anchor' : ''})`),
  mutationFamily('substring-mutation', substringMutations, (m) => (m.kind === 'contains' ? `${m.imitates} inside an attacker domain` : `${m.imitates} cut short`)),
  mutationFamily('special-chars-mutation', specialCharMutations, (m) => `${m.imitates} followed by "${m.kind}" and an attacker domain`),
  mutationFamily('insecure-scheme-origin', insecureSchemeMutations, (m) => `the plain-http form of ${m.imitates}`),
  mutationFamily('any-subdomain-origin', anySubdomainMutations, (m) => `a made-up subdomain of ${m.imitates}`),
];
