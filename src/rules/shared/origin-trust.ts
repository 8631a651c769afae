import { grantsExactOrigin } from '../../cors/check.js';
import type { CorsView, Observations, SiteInfo } from '../../model/observation.js';
import type { ProbeFamilyName, ProbeId } from '../../model/probe.js';
import type { Severity } from '../../model/severity.js';
import { broaderGrant } from '../../probe/broader-grant.js';
import { prefixNeedle, substringNeedle, suffixNeedle } from '../../probe/origin-mutations.js';
import { trustedOrigins } from '../../probe/site.js';
import { evidenceOf, trustSeverity } from './helpers.js';

/**
 * Shared logic of the origin-trust rules: which probes were granted, which
 * grants are real siblings (not findings), and which are explained by a broader
 * defect another rule reports (one root cause, one finding).
 */

/** Views of `family` whose Access-Control-Allow-Origin is byte for byte the probe's Origin. */
export function grantedProbes(obs: Observations, family: ProbeFamilyName): CorsView[] {
  return obs.family(family).filter((view) => view.requestOrigin !== null && grantsExactOrigin(view, view.requestOrigin));
}

/**
 * Origins whose grant is not a finding. `known`: the site's own origin and every
 * declared or learned trusted origin (a sibling the site really trusts is no
 * look-alike). `declared`: only the own origin and what the user declared, for
 * rules where the server trusting the origin is the defect itself (localhost,
 * third-party platforms), even when it was learned from the server's answers.
 */
export type Exempt = 'known' | 'declared';

export function isExempt(site: SiteInfo, origin: string, exempt: Exempt): boolean {
  const allowed = exempt === 'known' ? trustedOrigins(site) : site.declaredTrustedOrigins;
  return origin === site.origin || allowed.includes(origin);
}

/** The host part of a probe origin (probes carry no port), without URL parsing: special-character hosts stay raw. */
export const hostOf = (origin: string): string => origin.slice(origin.indexOf('://') + 3);

/** What the granted probes of other classes prove about the server's matcher. */
export interface ProvenMatchers {
  /** Hosts of granted `contains` probes: the server accepts any Origin containing them. */
  contains: string[];
  /** `scheme://host` of granted prefix probes: the server accepts any Origin starting with them. */
  startsWith: string[];
  /** Registrable domains of granted suffix probes: the server accepts any host ending with them. */
  endsWith: string[];
}

export function provenMatchers(obs: Observations): ProvenMatchers {
  const needles = (family: ProbeFamilyName, parse: (origin: string) => string | null) =>
    grantedProbes(obs, family).flatMap((view) => {
      const needle = parse(view.requestOrigin!);
      return needle === null ? [] : [needle];
    });
  return {
    contains: needles('substring-mutation', substringNeedle),
    startsWith: needles('prefix-mutation', prefixNeedle),
    endsWith: needles('suffix-mutation', suffixNeedle),
  };
}

/** Coverage tests, each naming the rule that reports the broader defect. */
export const coveredByContains = (origin: string, m: ProvenMatchers): string | undefined =>
  m.contains.some((needle) => hostOf(origin).includes(needle)) ? 'substring-match' : undefined;
export const coveredByEndsWith = (origin: string, m: ProvenMatchers): string | undefined =>
  m.endsWith.some((needle) => hostOf(origin).endsWith(needle)) ? 'suffix-match' : undefined;
export const coveredByStartsWith = (origin: string, m: ProvenMatchers): string | undefined =>
  m.startsWith.some((needle) => origin.startsWith(needle)) ? 'prefix-match' : undefined;

export interface ClassSpec {
  /** The probe family of the class. */
  family: ProbeFamilyName;
  exempt: Exempt;
  /** Names the rule whose finding already explains this granted origin, if any. */
  explainedBy?: (origin: string, matchers: ProvenMatchers) => string | undefined;
}

/** The grants of a class, split into findings (`open`) and grants another rule explains. */
export function classify(obs: Observations, spec: ClassSpec): { open: CorsView[]; explained: Array<{ view: CorsView; by: string }> } {
  const matchers = provenMatchers(obs);
  const open: CorsView[] = [];
  const explained: Array<{ view: CorsView; by: string }> = [];
  for (const view of grantedProbes(obs, spec.family)) {
    if (isExempt(obs.site, view.requestOrigin!, spec.exempt)) continue;
    const by = spec.explainedBy?.(view.requestOrigin!, matchers);
    if (by) explained.push({ view, by });
    else open.push(view);
  }
  return { open, explained };
}

/**
 * Why the class gives no finding of its own: the server grants an unrelated
 * origin (origin-reflection reports it), or every grant is explained by a
 * broader class. Undefined when the rule must judge for itself.
 */
export function coverageReason(obs: Observations, spec: ClassSpec): string | undefined {
  // Set when stage 1 proved it and the class's probes were not sent; else judged on every answer.
  const broader = obs.site.broaderGrant ?? broaderGrant(obs.site, obs.views);
  if (broader) return broader;
  const { open, explained } = classify(obs, spec);
  if (open.length === 0 && explained.length > 0) {
    return `covered by ${explained[0]!.by}: ${explained[0]!.view.requestOrigin} is granted by the broader match that rule reports`;
  }
  return undefined;
}

/** Data every origin-trust finding carries, for PoC pages and remediation. */
export interface TrustData {
  /** The granted probe Origin. */
  origin: string;
  /** `true` when Access-Control-Allow-Credentials: true came with the grant. */
  credentials: 'true' | 'false';
}

/** Credentialed grants first (the worse case is the one to show), then plan order. */
export function orderGrants(views: readonly CorsView[]): CorsView[] {
  return [...views].sort((a, b) => Number(b.allowCredentials) - Number(a.allowCredentials));
}

/** One finding for a class: the worst grant's origin in `data`, the grants as evidence. */
export function trustHit<K extends string, E extends Record<string, string>>(
  messageId: K,
  views: readonly CorsView[],
  base: Severity,
  extra: E = {} as E,
): { messageId: K; data: TrustData & E; evidence: ProbeId[]; severity: Severity } {
  const ordered = orderGrants(views);
  const first = ordered[0]!;
  return {
    messageId,
    data: { origin: first.requestOrigin!, credentials: first.allowCredentials ? 'true' : 'false', ...extra },
    evidence: evidenceOf(ordered),
    severity: trustSeverity(base, ordered),
  };
}

/** The plain-words consequence, with or without the victim's cookies. */
export const impact = (d: TrustData, who: string): string =>
  d.credentials === 'true'
    ? `with Access-Control-Allow-Credentials: true: ${who} can read these responses as the logged-in victim`
    : `(without credentials): ${who} can read these responses, though not with the victim's cookies`;
