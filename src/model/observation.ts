import type { ProbeError, RedirectHop } from './exchange.js';
import type { ExpectedPolicy } from './expected-policy.js';
import type { FrontEndUsage } from './front-end-usage.js';
import type { ProbeFamilyName, ProbeId, ProbeSpec } from './probe.js';

/** What kind of host a target has; domain mutations only make sense for `domain`. */
export type HostKind = 'domain' | 'ipv4' | 'ipv6';

/** Facts about the scanned site that probes and rules need. */
export interface SiteInfo {
  /** Normalised target URL. */
  url: string;
  /** Serialized origin of the target (`https://api.example.com`). */
  origin: string;
  scheme: 'http' | 'https';
  /** Host name as in the URL (IPv6 in brackets). */
  host: string;
  /** Explicit non-default port, or '' for the scheme default. */
  port: string;
  hostKind: HostKind;
  /** Registrable domain (eTLD+1); null for IP literals. */
  registrableDomain: string | null;
  /** Public suffix of the host; for hosts without a listed suffix, the last label. */
  publicSuffix: string | null;
  /** Origins the user told us the site trusts (`--trusted-origin`). */
  declaredTrustedOrigins: string[];
  /** Origins the server was seen to trust, learned from its answers. */
  learnedTrustedOrigins: string[];
  /** The policy the config file says this target should have; rules compare it with what was seen. */
  expected?: ExpectedPolicy;
  /** What the site's own front end sends to this target (`--har`); rules judge the grant against it. */
  usage?: FrontEndUsage;
  /**
   * Set after stage 1 when the server grants any origin or `*` to all (probe/broader-grant.ts):
   * why the look-alike families were not sent and their rules are covered.
   */
  broaderGrant?: string;
}

/** One parsed response, as CORS rules see it. Values are raw; duplicates are kept. */
export interface CorsView {
  probeId: ProbeId;
  probe: ProbeSpec;
  status: number;
  /** The `Origin` the probe sent, or null. */
  requestOrigin: string | null;
  /** Raw response headers in order. */
  headers: [string, string][];
  /** One entry per Access-Control-Allow-Origin header line. */
  allowOrigin: string[];
  /** One entry per Access-Control-Allow-Credentials header line. */
  allowCredentialsRaw: string[];
  /** True only for exactly one line whose value is exactly `true` (Fetch: case-sensitive). */
  allowCredentials: boolean;
  /** Access-Control-Allow-Methods split on commas, every line, trimmed, empty items dropped. */
  allowMethods: string[];
  /** Access-Control-Allow-Headers split like allowMethods. */
  allowHeaders: string[];
  /** Access-Control-Expose-Headers split like allowMethods. */
  exposeHeaders: string[];
  /** One entry per Access-Control-Max-Age line. */
  maxAgeRaw: string[];
  /** Parsed Max-Age in seconds, or null when absent or unparsable (Fetch then uses 5 s). */
  maxAge: number | null;
  /** Vary tokens, lower-cased. */
  vary: string[];
  /** Access-Control-Allow-Private-Network lines. */
  allowPrivateNetwork: string[];
  /** Location header of a redirect, if any. */
  location: string | null;
  /** Redirects followed before this response (the exchange's hops); absent when none. */
  hops?: RedirectHop[];
}

/** What a rule sees for one target: parsed views, errors and site facts. Pure data, replayable. */
export interface Observations {
  site: SiteInfo;
  /** Every probe planned for the target, in plan order. */
  planned: readonly ProbeSpec[];
  /** Views of the probes that got a response, in plan order. */
  views: readonly CorsView[];
  /** The view of one probe; undefined when it was not planned or failed. */
  get(id: ProbeId): CorsView | undefined;
  /** Views of every answered probe that serves `family`. */
  family(family: ProbeFamilyName): CorsView[];
  /** The error of a failed probe. */
  error(id: ProbeId): ProbeError | undefined;
}
