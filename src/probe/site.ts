import { parse } from 'tldts';
import type { HostKind, SiteInfo } from '../model/observation.js';

/**
 * Site facts from the Public Suffix List (tldts). Hosts without a listed suffix
 * (`.test`, `.local`, `.internal`) get the last label as suffix, so their
 * registrable domain is the last two labels.
 */
export function describeSite(targetUrl: string, declaredTrustedOrigins: readonly string[] = []): SiteInfo {
  const url = new URL(targetUrl);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  // The PSL's private section too: `victim.github.io` is a site of its own.
  const parsed = parse(hostname, { allowPrivateDomains: true });
  const hostKind: HostKind = parsed.isIp ? (hostname.includes(':') ? 'ipv6' : 'ipv4') : 'domain';
  return {
    // The caller's string when it is already the normalised URL (targets arrive so): the report
    // spool keeps every target's URL for a run's whole length, one copy rather than two.
    url: url.href === targetUrl ? targetUrl : url.href,
    origin: url.origin,
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname,
    port: url.port,
    hostKind,
    registrableDomain: hostKind === 'domain' ? (parsed.domain ?? null) : null,
    publicSuffix: hostKind === 'domain' ? (parsed.publicSuffix ?? null) : null,
    declaredTrustedOrigins: [...declaredTrustedOrigins],
    learnedTrustedOrigins: [],
  };
}

/** Every origin the site is known to trust: declared first, then learned. */
export function trustedOrigins(site: SiteInfo): string[] {
  return [...new Set([...site.declaredTrustedOrigins, ...site.learnedTrustedOrigins])];
}

/** `trustedOrigins(site).includes(origin)` without building the list (rules ask it per view). */
export function isTrustedBySite(site: SiteInfo, origin: string): boolean {
  return site.declaredTrustedOrigins.includes(origin) || site.learnedTrustedOrigins.includes(origin);
}
