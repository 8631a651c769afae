import { grantsExactOrigin } from '../cors/check.js';
import type { CorsView, SiteInfo } from '../model/observation.js';
import { requestHeader, type ProbeFamilyName } from '../model/probe.js';
import { ATTACKER_ORIGIN } from './attacker.js';
import { ORIGIN_TRUST_FAMILIES } from './families-origin-trust.js';
import { JSON_POST_REQUEST, PREFLIGHT_PROBE_FAMILIES, preflightDraft } from './preflight-families.js';
import { USAGE_PROBE_FAMILIES } from './families-usage.js';
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
  /**
   * Credentials besides the user's headers: `without` drops the user's Cookie and
   * Authorization (Fetch's credentials), `cookie` makes sure a Cookie is sent (the
   * user's, else {@link PROBE_COOKIE}). Preflights never carry either.
   */
  credentials?: 'without' | 'cookie';
  why: string;
}

/**
 * The Cookie a `cookie` probe sends when the user gave none: some CORS layers answer
 * differently when a request carries cookies (Starlette echoes the Origin instead of
 * `*` when credentials are allowed and a Cookie is present).
 */
export const PROBE_COOKIE = 'corscan=1';

/**
 * True when a probe's Origin is granted in a way a page can use. Browsers send cookies
 * cross-origin only with credentials "include", whose CORS check needs
 * Access-Control-Allow-Credentials: true: an echo seen on the {@link PROBE_COOKIE} probe
 * without it is never readable (Starlette with `*` and no credentials echoes then).
 */
export function grantsProbeOrigin(view: CorsView): boolean {
  if (view.requestOrigin === null || !grantsExactOrigin(view, view.requestOrigin)) return false;
  return requestHeader(view.probe, 'cookie') !== PROBE_COOKIE || view.allowCredentials;
}

/**
 * A named group of probes. Stage 1 runs first; stage 2 families may use what
 * stage 1 taught about the site (learned trusted origins); `both` families send
 * what they already know in stage 1 and what was learned in stage 2.
 */
export interface ProbeFamily {
  name: ProbeFamilyName;
  stage: 1 | 2 | 'both';
  /**
   * The family only shows defects narrower than one stage 1 may already prove (any
   * origin reflected, `*` for every origin: see broader-grant.ts); it is then not sent.
   */
  narrower?: true;
  generate(site: SiteInfo): ProbeDraft[];
}

const get = (variant: string, origin: string | null, why: string): ProbeDraft => ({ variant, method: 'GET', origin, why });
/** The origin-trust probes that matter most also go with a Cookie (sent once when the user gave one). */
const withCookie = (draft: ProbeDraft): ProbeDraft => ({ ...draft, credentials: 'cookie' });

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
    generate: (site) => [
      get('arbitrary-origin', ATTACKER_ORIGIN, 'an unrelated attacker origin: is any origin echoed?'),
      withCookie(get('arbitrary-origin:cookie', ATTACKER_ORIGIN, 'an unrelated attacker origin, with a Cookie: is any origin echoed when the victim has a session?')),
      // A POST with a CORS-safelisted Content-Type needs no preflight (Fetch "CORS-safelisted
      // method"), so a gateway that echoes the Origin only on POST answers is readable by any
      // site. POST may change state: only with --unsafe-methods, and without a body even then.
      ...(site.unsafeMethods
        ? [{ variant: 'arbitrary-origin:post', method: 'POST', origin: ATTACKER_ORIGIN, why: 'an actual POST (no body, sent because of --unsafe-methods) from an unrelated attacker origin: is the Origin echoed on POST answers?' }]
        : []),
    ],
  },
  {
    name: 'null-origin',
    stage: 1,
    generate: () => [
      get('null-origin', 'null', 'Origin: null, as sent by sandboxed iframes and data: URLs'),
      withCookie(get('null-origin:cookie', 'null', 'Origin: null with a Cookie, as a sandboxed iframe of a logged-in victim sends it')),
      // A layer that answers preflights (a gateway) may grant null while the application's GET
      // does not: the preflight of a JSON POST from null shows it.
      preflightDraft('null', 'null', JSON_POST_REQUEST),
    ],
  },
  {
    name: 'trusted-origin',
    // Declared origins go out in stage 1: their answers tell whether the server trusts
    // anything more than `*` (broader-grant.ts); learned ones follow in stage 2.
    stage: 'both',
    generate: (site) =>
      trustedOrigins(site).map((origin) => get(`trusted:${origin}`, origin, 'an origin the site trusts')),
  },
  ...ORIGIN_TRUST_FAMILIES,
  {
    // Probes what the config file's expected policy states (policy-drift): each listed
    // origin, and one preflight per expected method carrying the expected headers.
    name: 'expected-policy',
    stage: 2,
    generate: (site) => expectedPolicyDrafts(site),
  },
  ...PREFLIGHT_PROBE_FAMILIES,
  // What a HAR recorded the front end doing (--har): its exact preflights, from its pages.
  ...USAGE_PROBE_FAMILIES,
];

/** Drafts for the `expected-policy` family; none when the target has no expected policy. */
export function expectedPolicyDrafts(site: SiteInfo): ProbeDraft[] {
  const expected = site.expected;
  if (!expected) return [];
  const listed = (expected.allowedOrigins ?? []).filter((origin) => origin !== '*');
  const drafts = listed.map((origin) => get(`trusted:${origin}`, origin, 'an origin the expected policy allows'));
  if (expected.allowedOrigins?.includes('*')) drafts.push(get('arbitrary-origin', ATTACKER_ORIGIN, 'the expected policy allows any origin'));
  if (expected.methods?.length || expected.headers?.length || expected.maxAge !== undefined) {
    const origin = listed[0] ?? ATTACKER_ORIGIN;
    for (const method of expected.methods?.length ? expected.methods : ['GET']) {
      drafts.push({
        variant: `expected:${method}`,
        method: 'OPTIONS',
        origin,
        headers: {
          'Access-Control-Request-Method': method,
          // Browsers send the lower-cased, sorted names, comma-separated (Fetch "CORS-unsafe request-header names").
          ...(expected.headers?.length ? { 'Access-Control-Request-Headers': expected.headers.map((h) => h.toLowerCase()).sort().join(',') } : {}),
        },
        why: `preflight for ${method} as the expected policy describes it`,
      });
    }
  }
  return drafts;
}

/** Looks a family up by name. */
export function findFamily(name: ProbeFamilyName): ProbeFamily | undefined {
  return PROBE_FAMILIES.find((family) => family.name === name);
}
