import { preflightRequestHeaders, type CorsRequest } from '../cors/preflight.js';
import type { SiteInfo } from '../model/observation.js';
import type { ProbeFamilyName } from '../model/probe.js';
import { ATTACKER_ORIGIN } from './attacker.js';
import type { ProbeDraft, ProbeFamily } from './families.js';
import { trustedOrigins } from './site.js';

/**
 * Probe families for preflights, other methods, error statuses and private
 * network access. Preflights are formatted exactly as browsers send them
 * (src/cors/preflight.ts), so strict servers answer corscan as they answer Chrome.
 */

/** Reserved-looking, deterministic names no server allows on purpose: echoing them means reflection. */
export const UNUSUAL_METHOD = 'CORSCAN';
export const CUSTOM_HEADER = 'x-corscan-probe';
/** Last path segment of the sub-resource of the target that should answer 404. */
export const NOT_FOUND_SEGMENT = 'corscan-404-probe';

/** One preflight a page could cause; `variant` defaults to the method. */
export interface PreflightRequest {
  method: string;
  headers: string[];
  values?: Record<string, string>;
  variant?: string;
  /** A request a real front end sends (preflight-failure judges these), not a reflection test. */
  frontEnd: boolean;
}

const JSON_BODY = { 'content-type': 'application/json' };

/**
 * What front ends send, with the two request headers nearly every API front end uses
 * (Content-Type: application/json and Authorization; neither is CORS-safelisted, and
 * Authorization is never covered by "*"), and the two reflection tests, each on its own:
 * the made-up header on GET (a method every endpoint allows: most CORS libraries check
 * the method first and refuse the whole preflight, hiding a header echo) and the made-up
 * method without headers.
 */
export const PREFLIGHT_REQUESTS: readonly PreflightRequest[] = [
  // A bearer-token read: Authorization makes even a GET need a preflight.
  { method: 'GET', headers: ['authorization'], frontEnd: true },
  // A JSON POST.
  { method: 'POST', headers: ['content-type'], values: JSON_BODY, frontEnd: true },
  // A JSON PUT with a bearer token.
  { method: 'PUT', headers: ['authorization', 'content-type'], values: JSON_BODY, frontEnd: true },
  // A DELETE with a bearer token.
  { method: 'DELETE', headers: ['authorization'], frontEnd: true },
  // Nothing allows these on purpose: an echo is reflection.
  { method: 'GET', headers: [CUSTOM_HEADER], variant: CUSTOM_HEADER, frontEnd: false },
  { method: UNUSUAL_METHOD, headers: [], frontEnd: false },
];

const FRONT_END_REQUESTS = PREFLIGHT_REQUESTS.filter((request) => request.frontEnd);
/** The JSON POST: the non-simple request nearly every API allows, so a preflight grant shows on it. */
export const JSON_POST_REQUEST = FRONT_END_REQUESTS.find((request) => request.method === 'POST')!;
const REFLECTION_REQUESTS = PREFLIGHT_REQUESTS.filter((request) => !request.frontEnd);

/** Family names, for rules' `requires`. */
export const PREFLIGHT_UNTRUSTED = 'preflight-untrusted' satisfies ProbeFamilyName;
export const PREFLIGHT_TRUSTED = 'preflight-trusted' satisfies ProbeFamilyName;
export const PRIVATE_NETWORK = 'private-network' satisfies ProbeFamilyName;
export const ACTUAL_METHODS = 'actual-methods' satisfies ProbeFamilyName;
export const ERROR_STATUS = 'error-status' satisfies ProbeFamilyName;
export const PREFLIGHT_REFLECTION = 'preflight-reflection' satisfies ProbeFamilyName;
export const PREFLIGHT_FAMILIES: readonly ProbeFamilyName[] = [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED, PREFLIGHT_REFLECTION, PRIVATE_NETWORK, ACTUAL_METHODS, ERROR_STATUS];

export function preflightDraft(kind: string, origin: string, request: Pick<PreflightRequest, 'method' | 'headers' | 'values' | 'variant'>, privateNetwork = false): ProbeDraft {
  const corsRequest: CorsRequest = { origin, method: request.method, headers: request.headers, credentials: 'omit', privateNetwork };
  const { Origin: _origin, ...headers } = preflightRequestHeaders(corsRequest, request.values);
  return {
    variant: `${kind}:${privateNetwork ? 'pna' : (request.variant ?? request.method)}`,
    method: 'OPTIONS',
    origin,
    headers,
    why: `browser-formatted preflight for ${request.method}${request.headers.length > 0 ? ` with ${request.headers.join(', ')}` : ''} from ${kind === 'trusted' ? 'a trusted origin' : kind === 'null' ? 'Origin: null' : 'an untrusted origin'}${privateNetwork ? ', asking for private network access' : ''}`,
  };
}

/**
 * The origin stage-2 probes use: the first origin the site trusts, else the
 * attacker origin (a reflecting or `*` server grants it, so its answers still
 * compare statuses and methods).
 */
export function comparisonOrigin(site: SiteInfo): string {
  return trustedOrigins(site)[0] ?? ATTACKER_ORIGIN;
}

/**
 * A sub-resource of the target that should not exist: `/v1/me` → `/v1/me/corscan-404-probe`.
 * Below the target, not beside it: a sibling path is often answered by a catch-all that has
 * nothing to do with the API (a default vhost, a static file server), which proves nothing
 * about the target; its own sub-tree is served by the same routes.
 */
export function notFoundUrl(site: SiteInfo): string {
  const url = new URL(site.url);
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${NOT_FOUND_SEGMENT}`;
  return url.href;
}

export const PREFLIGHT_PROBE_FAMILIES: ProbeFamily[] = [
  {
    name: PREFLIGHT_UNTRUSTED,
    stage: 1,
    generate: () => FRONT_END_REQUESTS.map((request) => preflightDraft('untrusted', ATTACKER_ORIGIN, request)),
  },
  {
    name: PREFLIGHT_TRUSTED,
    stage: 2,
    // Only the first trusted origin: the server's preflight handling rarely differs between its front ends.
    generate: (site) => {
      const origin = trustedOrigins(site)[0];
      return origin ? FRONT_END_REQUESTS.map((request) => preflightDraft('trusted', origin, request)) : [];
    },
  },
  {
    // The reflection tests once, from the origin most likely granted (a trusted one, else the
    // attacker): an echo shows only where the preflight gets that far, and whether strangers
    // pass too is what the untrusted front-end preflights show.
    name: PREFLIGHT_REFLECTION,
    stage: 2,
    generate: (site) => {
      const trusted = trustedOrigins(site)[0];
      return REFLECTION_REQUESTS.map((request) => preflightDraft(trusted ? 'trusted' : 'untrusted', trusted ?? ATTACKER_ORIGIN, request));
    },
  },
  {
    name: PRIVATE_NETWORK,
    stage: 1,
    // Chrome's PNA preflight for a plain GET from a public site.
    generate: () => [preflightDraft('untrusted', ATTACKER_ORIGIN, { method: 'GET', headers: [] }, true)],
  },
  {
    name: ACTUAL_METHODS,
    stage: 2,
    generate: (site) => {
      const origin = comparisonOrigin(site);
      const head: ProbeDraft = { variant: 'head', method: 'HEAD', origin, why: 'an actual HEAD request: CORS headers must match GET' };
      // POST may change state: only with --unsafe-methods. No body even then: corscan never
      // submits data, it only asks how POST is answered.
      if (!site.unsafeMethods) return [head];
      return [head, { variant: 'post', method: 'POST', origin, why: 'an actual POST request (no body, sent because of --unsafe-methods): CORS headers must match GET, errors included' }];
    },
  },
  {
    name: ERROR_STATUS,
    stage: 2,
    generate: (site) => [
      {
        variant: 'not-found',
        method: 'GET',
        origin: comparisonOrigin(site),
        url: notFoundUrl(site),
        why: 'a sub-resource of the target that should answer 404: are CORS headers sent on errors too?',
      },
      {
        // The same request without the user's Cookie and Authorization, which typically
        // answers 401: are CORS headers sent then? Without such headers it is the very
        // request another family sends, so the plan sends it once.
        variant: 'without-credentials',
        method: 'GET',
        origin: comparisonOrigin(site),
        credentials: 'without',
        why: "the target without the user's credentials (Cookie, Authorization): are CORS headers sent on the 401 too?",
      },
    ],
  },
];
