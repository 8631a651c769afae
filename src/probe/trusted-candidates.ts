import type { SiteInfo } from '../model/observation.js';

/** Front-end subdomains that commonly call a site's API. */
export const CANDIDATE_SUBDOMAINS = ['www', 'app', 'portal', 'admin', 'dashboard', 'console', 'my'] as const;

/**
 * Origins the site may trust, to learn which it does: the bare registrable
 * domain and its common front-end subdomains, as https origins (front ends are
 * served over https). The target's own origin is the `own-origin` family's.
 * Empty for IP literals and hosts without a registrable domain.
 */
export function trustedCandidates(site: SiteInfo): string[] {
  const domain = site.registrableDomain;
  if (site.hostKind !== 'domain' || !domain) return [];
  const origins = [`https://${domain}`, ...CANDIDATE_SUBDOMAINS.map((label) => `https://${label}.${domain}`)];
  return origins.filter((origin) => origin !== site.origin);
}
