import type { SiteInfo } from '../model/observation.js';
import { PREFLIGHT_PROBE_FAMILIES } from './preflight-families.js';
import { trustedOrigins } from './site.js';

/** A request a probe family wants sent; the plan turns drafts into ProbeSpecs. */
export interface ProbeDraft {
  /** Deterministic variant name, unique within the family. */
  variant: string;
  method: string;
  origin: string | null;
  /** Extra request headers (besides Origin and the user's headers). */
  headers?: Record<string, string>;
  /** Defaults to the target URL. */
  url?: string;
  why: string;
}

/**
 * A named group of probes. Stage 1 runs first; stage 2 families may use what
 * stage 1 taught about the site (learned trusted origins).
 */
export interface ProbeFamily {
  name: string;
  stage: 1 | 2;
  generate(site: SiteInfo): ProbeDraft[];
}

/** An attacker-controlled origin on a reserved name (RFC 2606), never a real site. */
export const ATTACKER_ORIGIN = 'https://corscan-attacker.example';

const get = (variant: string, origin: string | null, why: string): ProbeDraft => ({ variant, method: 'GET', origin, why });

/** Probe families, by name. Rules name them in `requires`. */
export const PROBE_FAMILIES: ProbeFamily[] = [
  {
    name: 'no-origin',
    stage: 1,
    generate: () => [get('no-origin', null, 'baseline without Origin: shows static CORS headers')],
  },
  {
    name: 'own-origin',
    stage: 1,
    generate: (site) => [get('own-origin', site.origin, "the target's own origin")],
  },
  {
    name: 'arbitrary-origin',
    stage: 1,
    generate: () => [get('arbitrary-origin', ATTACKER_ORIGIN, 'an unrelated attacker origin: is any origin echoed?')],
  },
  {
    name: 'null-origin',
    stage: 1,
    generate: () => [get('null-origin', 'null', 'Origin: null, as sent by sandboxed iframes and data: URLs')],
  },
  {
    name: 'trusted-origin',
    stage: 2,
    generate: (site) =>
      trustedOrigins(site).map((origin) => get(`trusted:${origin}`, origin, 'an origin the site trusts')),
  },
  ...PREFLIGHT_PROBE_FAMILIES,
];

/** Looks a family up by name. */
export function findFamily(name: string): ProbeFamily | undefined {
  return PROBE_FAMILIES.find((family) => family.name === name);
}
