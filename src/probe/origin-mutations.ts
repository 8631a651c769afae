import { parse } from 'tldts';
import { isSerializedOrigin } from '../cors/origin.js';
import type { SiteInfo } from '../model/observation.js';
import { ATTACKER_DOMAIN, ATTACKER_LABEL } from './attacker.js';
import { trustedOrigins } from './site.js';

/**
 * Attacker look-alikes of the origins a site trusts. Every generator is a pure,
 * deterministic function of the site (no random labels: fingerprints and
 * recordings must be stable), and every origin it returns is
 *
 * - attacker-registrable: its registrable domain (PSL, private section included)
 *   is not the one it imitates, or it lives under the attacker's own domain;
 * - a serialized origin (`scheme://host`, lower case, no port, no slash), except
 *   the special-character probes, whose hosts are deliberately not LDH names
 *   (see {@link SPECIAL_CHARS});
 * - never one of the origins the site trusts (declared or learned) nor its own.
 *
 * Look-alikes drop the port of the origin they imitate: matchers that get this
 * wrong compare host names, and an attacker serves from the default port.
 */

/** The label of a made-up subdomain (`corscansubdomain.victim.com`). */
export const SUBDOMAIN_LABEL = 'corscansubdomain';

/**
 * Characters that browsers with lax host parsing (historically Safari) accept in
 * a host name, put between the trusted host and `.corscan-attacker.example`.
 * These probes are sent raw: their hosts are not LDH names, and `%60` (a
 * percent-encoded backtick) is not even what a URL parser would serialize.
 */
export const SPECIAL_CHARS = ['_', '-', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', '%60', '`', '{', '}'] as const;

/** At most this many trusted origins are mutated (declared first, then the target, then learned). */
export const MAX_MUTATION_BASES = 6;
/**
 * Special characters multiply every base by 18 probes; the first 3 bases get them.
 * Learned front ends (`admin.`, `app.`, `my.`…) share one matcher in practice.
 */
export const MAX_SPECIAL_CHAR_BASES = 3;
/** At most this many concatenations of two trusted hosts. */
export const MAX_CONCATENATIONS = 8;

/** A trusted origin (or the target) to imitate. */
export interface MutationBase {
  scheme: 'http' | 'https';
  host: string;
  /** Registrable domain of `host`. */
  registrableDomain: string;
}

/** One generated look-alike. */
export interface Mutation {
  origin: string;
  /** The host (or registrable domain) it imitates. */
  imitates: string;
  /** Which variant of the class it is, for messages (`anchored`, `unanchored`, `contains`, …). */
  kind: string;
}

/** Registrable domain of a host (PSL with the private section), or null for IPs and bare suffixes. */
export function registrableDomainOf(host: string): string | null {
  const parsed = parse(host, { allowPrivateDomains: true });
  return parsed.isIp ? null : (parsed.domain ?? null);
}

/** Origins no look-alike may equal: every trusted origin and the site's own. */
export function protectedOrigins(site: SiteInfo): Set<string> {
  return new Set([...trustedOrigins(site), site.origin]);
}

function baseOf(origin: string): MutationBase | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const registrableDomain = registrableDomainOf(url.hostname);
  if (!registrableDomain) return null;
  return { scheme: url.protocol === 'https:' ? 'https' : 'http', host: url.hostname, registrableDomain };
}

/**
 * The hosts to imitate: declared trusted origins, then the target host (as an
 * https origin: that is what an attacker's page would be), then learned ones.
 * IP literals and names without a registrable domain (`localhost`) have nothing
 * to imitate and are skipped.
 */
export function mutationBases(site: SiteInfo): MutationBase[] {
  const candidates = [...site.declaredTrustedOrigins, `https://${site.host}`, ...site.learnedTrustedOrigins];
  const seen = new Set<string>();
  const bases: MutationBase[] = [];
  for (const origin of candidates) {
    const base = baseOf(origin);
    if (!base || seen.has(`${base.scheme}://${base.host}`)) continue;
    seen.add(`${base.scheme}://${base.host}`);
    bases.push(base);
    if (bases.length === MAX_MUTATION_BASES) break;
  }
  return bases;
}

/** The distinct registrable domains of the bases, as https bases of their own. */
export function rootBases(site: SiteInfo): MutationBase[] {
  const roots = [...new Set(mutationBases(site).map((base) => base.registrableDomain))];
  return roots.map((root) => ({ scheme: 'https', host: root, registrableDomain: root }));
}

/** Why a site has nothing to mutate, or null when it has. */
export function noMutationReason(site: SiteInfo): string | null {
  if (mutationBases(site).length > 0) return null;
  const what = site.hostKind === 'domain' ? `${site.host} has no registrable domain` : `the target is an ${site.hostKind === 'ipv4' ? 'IPv4' : 'IPv6'} address`;
  return `${what} and no trusted origin has a domain name: there is no domain to imitate`;
}

/**
 * Keeps the first of each origin, drops protected ones and, unless `raw`, any that
 * is not a serialized origin (gluing `x` to `n--a.com` makes the invalid A-label
 * `xn--a.com`, which no browser sends).
 */
function finish(site: SiteInfo, mutations: Mutation[], raw = false): Mutation[] {
  const blocked = protectedOrigins(site);
  const seen = new Set<string>();
  return mutations.filter((mutation) => {
    if (blocked.has(mutation.origin) || seen.has(mutation.origin)) return false;
    if (!raw && !isSerializedOrigin(mutation.origin)) return false;
    seen.add(mutation.origin);
    return true;
  });
}

/** An attacker can register it: its registrable domain is not the one it imitates. */
const attackerOwns = (host: string, victim: string): boolean => {
  const domain = registrableDomainOf(host);
  return domain !== null && domain !== victim;
};

/**
 * Prefix look-alikes: the trusted host followed by the attacker's domain, with a
 * dot (`app.victim.com.corscan-attacker.example`, a subdomain the attacker owns)
 * and without one (`app.victim.comcorscan-attacker.example`). Granted by
 * `startsWith` checks and regexes without an end anchor.
 */
export function prefixMutations(site: SiteInfo): Mutation[] {
  return finish(
    site,
    [...mutationBases(site), ...rootBases(site)].flatMap((base) => [
      { origin: `${base.scheme}://${base.host}.${ATTACKER_DOMAIN}`, imitates: base.host, kind: 'dot' },
      { origin: `${base.scheme}://${base.host}${ATTACKER_DOMAIN}`, imitates: base.host, kind: 'glued' },
    ]),
  );
}

/** `.corscan-attacker.example`: what every look-alike on the attacker's own domain ends with. */
const ATTACKER_SUFFIX = `.${ATTACKER_DOMAIN}`;

/** The host of an http(s) origin, or null. */
const hostPart = (origin: string, schemes: readonly string[]): string | null => {
  const scheme = schemes.find((prefix) => origin.startsWith(prefix));
  return scheme ? origin.slice(scheme.length) : null;
};

/** The `scheme://host` a prefix probe starts with, or null when `origin` is not a prefix probe. */
export function prefixNeedle(origin: string): string | null {
  return origin.endsWith(ATTACKER_SUFFIX) ? origin.slice(0, -ATTACKER_SUFFIX.length) : null;
}

/**
 * Suffix look-alikes: a new registrable domain that ends with the victim's
 * (`corscanvictim.com`), and concatenations of two trusted hosts from different
 * registrable domains (`apppartner.com` from `app.victim.com` and `partner.com`,
 * the allowlist-concatenation bug of GHSA-vhxv-fg4m-p2w8). Granted by `endsWith`
 * checks without a dot boundary.
 */
export function suffixMutations(site: SiteInfo): Mutation[] {
  const roots = rootBases(site);
  const plain = roots.map((root) => ({ origin: `https://${ATTACKER_LABEL}${root.host}`, imitates: root.host, kind: 'suffix' }));
  const glued: Mutation[] = [];
  for (const left of mutationBases(site)) {
    const label = left.host.split('.')[0]!;
    for (const right of roots) {
      if (right.host === left.registrableDomain) continue;
      const host = `${label}${right.host}`;
      if (attackerOwns(host, right.host)) glued.push({ origin: `https://${host}`, imitates: `${left.host} + ${right.host}`, kind: 'concatenation' });
    }
  }
  return finish(site, [...plain, ...glued.slice(0, MAX_CONCATENATIONS)]);
}

/** The registrable domain a suffix probe imitates, or null. */
export function suffixNeedle(origin: string): string | null {
  const host = hostPart(origin, ['https://']);
  if (host === null || !host.startsWith(ATTACKER_LABEL) || host.length === ATTACKER_LABEL.length || origin.endsWith(ATTACKER_SUFFIX)) return null;
  return host.slice(ATTACKER_LABEL.length);
}

/**
 * Unescaped-dot look-alikes (a regex `.` matches any character):
 * - `anchored`: one dot of the trusted host replaced by `x` where the result is a
 *   new registrable domain (`appxvictim.com` for `app.victim.com`; dots of the
 *   public suffix are kept, since nobody can register `victimxcom`);
 * - `unanchored`: every dot replaced and the attacker's domain appended
 *   (`appxvictimxcom.corscan-attacker.example`), for a regex that also lacks its
 *   end anchor (wso2/api-manager#3832).
 */
export function unescapedDotMutations(site: SiteInfo): Mutation[] {
  const mutations: Mutation[] = [];
  for (const base of mutationBases(site)) {
    const sub = base.host.slice(0, -base.registrableDomain.length);
    // Dots inside the subdomain part and the one joining it to the registrable domain.
    for (let i = 0; i < sub.length; i += 1) {
      if (sub[i] !== '.') continue;
      const host = `${base.host.slice(0, i)}x${base.host.slice(i + 1)}`;
      if (attackerOwns(host, base.registrableDomain)) mutations.push({ origin: `${base.scheme}://${host}`, imitates: base.host, kind: 'anchored' });
    }
    mutations.push({ origin: `${base.scheme}://${base.host.replaceAll('.', 'x')}.${ATTACKER_DOMAIN}`, imitates: base.host, kind: 'unanchored' });
  }
  return finish(site, mutations);
}

/**
 * Substring look-alikes:
 * - `contains`: the trusted host inside an attacker host
 *   (`corscanapp.victim.com.corscan-attacker.example`), granted by `includes()`;
 * - `truncated`: the trusted host minus its last character (`app.victim.co`),
 *   granted when the Origin is looked up inside a string of allowed origins.
 */
export function substringMutations(site: SiteInfo): Mutation[] {
  const mutations: Mutation[] = [];
  for (const base of [...mutationBases(site), ...rootBases(site)]) {
    mutations.push({ origin: `${base.scheme}://${ATTACKER_LABEL}${base.host}.${ATTACKER_DOMAIN}`, imitates: base.host, kind: 'contains' });
    const truncated = base.host.slice(0, -1);
    if (!truncated.endsWith('.') && attackerOwns(truncated, base.registrableDomain)) {
      mutations.push({ origin: `${base.scheme}://${truncated}`, imitates: base.host, kind: 'truncated' });
    }
  }
  return finish(site, mutations);
}

/** The host a `contains` substring probe hides, or null. */
export function substringNeedle(origin: string): string | null {
  const host = hostPart(origin, ['https://', 'http://']);
  if (host === null || !host.startsWith(ATTACKER_LABEL) || !host.endsWith(ATTACKER_SUFFIX)) return null;
  const needle = host.slice(ATTACKER_LABEL.length, -ATTACKER_SUFFIX.length);
  return needle === '' ? null : needle;
}

/** The special character a special-character probe puts before the attacker's domain, or null. */
export function specialCharNeedle(origin: string): string | null {
  const host = prefixNeedle(origin);
  return host === null ? null : (SPECIAL_CHARS.find((char) => host.endsWith(char)) ?? null);
}

/**
 * Special-character look-alikes: `app.victim.com<c>.corscan-attacker.example` for each {@link SPECIAL_CHARS}.
 * Eighteen probes a base, so they imitate the origins the site trusts, and the API's own host only
 * when it trusts none: an API is rarely in its own allowlist (same-origin requests need no CORS),
 * and one matcher parses every entry alike, so the front ends' entries show its flaw. A matcher
 * that accepts anything after the host is prefix-match's finding, whose probes keep every base.
 */
export function specialCharMutations(site: SiteInfo): Mutation[] {
  const bases = mutationBases(site);
  const trusted = bases.filter((base) => base.host !== site.host);
  return finish(
    site,
    (trusted.length > 0 ? trusted : bases).slice(0, MAX_SPECIAL_CHAR_BASES).flatMap((base) =>
      SPECIAL_CHARS.map((char) => ({ origin: `${base.scheme}://${base.host}${char}.${ATTACKER_DOMAIN}`, imitates: base.host, kind: char })),
    ),
    true,
  );
}

/**
 * The `http://` form of every https origin the site trusts, and of the target
 * itself, ports kept (a network attacker can answer for any plain-http origin).
 * Empty for http targets: there the API itself travels in clear text.
 */
export function insecureSchemeMutations(site: SiteInfo): Mutation[] {
  if (site.scheme !== 'https') return [];
  const https = [...trustedOrigins(site), site.origin].filter((origin) => origin.startsWith('https://'));
  return finish(
    site,
    https.map((origin) => ({ origin: `http://${origin.slice('https://'.length)}`, imitates: origin, kind: 'http' })),
  );
}

/** A made-up subdomain of every trusted registrable domain (`corscansubdomain.victim.com`). */
export function anySubdomainMutations(site: SiteInfo): Mutation[] {
  return finish(
    site,
    rootBases(site).map((root) => ({ origin: `https://${SUBDOMAIN_LABEL}.${root.host}`, imitates: root.host, kind: 'subdomain' })),
  );
}
