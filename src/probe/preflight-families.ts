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
/** Last path segment of the sibling URL that should answer 404. */
export const NOT_FOUND_SEGMENT = 'corscan-404-probe';

/** What a page would send: each covers one non-safelisted method and request headers. */
const PREFLIGHT_REQUESTS: Array<{ method: string; headers: string[]; values?: Record<string, string> }> = [
  // A JSON PUT: Content-Type application/json is not safelisted.
  { method: 'PUT', headers: ['content-type'], values: { 'content-type': 'application/json' } },
  // jQuery-style X-Requested-With on a DELETE.
  { method: 'DELETE', headers: ['x-requested-with'] },
  // A bearer-token API call: Authorization is never covered by "*".
  { method: 'PATCH', headers: ['authorization', 'content-type'], values: { 'content-type': 'application/json' } },
  // Nothing allows this on purpose: an echo here is reflection.
  { method: UNUSUAL_METHOD, headers: [CUSTOM_HEADER] },
];

/** Family names, for rules' `requires`. */
export const PREFLIGHT_UNTRUSTED = 'preflight-untrusted' satisfies ProbeFamilyName;
export const PREFLIGHT_TRUSTED = 'preflight-trusted' satisfies ProbeFamilyName;
export const PRIVATE_NETWORK = 'private-network' satisfies ProbeFamilyName;
export const ACTUAL_METHODS = 'actual-methods' satisfies ProbeFamilyName;
export const ERROR_STATUS = 'error-status' satisfies ProbeFamilyName;
export const PREFLIGHT_FAMILIES: readonly ProbeFamilyName[] = [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED, PRIVATE_NETWORK, ACTUAL_METHODS, ERROR_STATUS];

function preflightDraft(kind: string, origin: string, request: (typeof PREFLIGHT_REQUESTS)[number], privateNetwork = false): ProbeDraft {
  const corsRequest: CorsRequest = { origin, method: request.method, headers: request.headers, credentials: 'omit', privateNetwork };
  const { Origin: _origin, ...headers } = preflightRequestHeaders(corsRequest, request.values);
  return {
    variant: `${kind}:${privateNetwork ? 'pna' : request.method}`,
    method: 'OPTIONS',
    origin,
    headers,
    why: `browser-formatted preflight for ${request.method}${request.headers.length > 0 ? ` with ${request.headers.join(', ')}` : ''} from ${kind === 'trusted' ? 'a trusted' : 'an untrusted'} origin${privateNetwork ? ', asking for private network access' : ''}`,
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

/** The sibling of the target that should not exist: `/v1/me` → `/v1/corscan-404-probe`. */
export function notFoundUrl(site: SiteInfo): string {
  const url = new URL(site.url);
  url.search = '';
  url.hash = '';
  const path = url.pathname.endsWith('/') ? url.pathname : url.pathname.replace(/[^/]*$/, '');
  url.pathname = `${path}${NOT_FOUND_SEGMENT}`;
  return url.href;
}

export const PREFLIGHT_PROBE_FAMILIES: ProbeFamily[] = [
  {
    name: PREFLIGHT_UNTRUSTED,
    stage: 1,
    generate: () => PREFLIGHT_REQUESTS.map((request) => preflightDraft('untrusted', ATTACKER_ORIGIN, request)),
  },
  {
    name: PREFLIGHT_TRUSTED,
    stage: 2,
    // Only the first trusted origin: the server's preflight handling rarely differs between its front ends.
    generate: (site) => {
      const origin = trustedOrigins(site)[0];
      return origin ? PREFLIGHT_REQUESTS.map((request) => preflightDraft('trusted', origin, request)) : [];
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
      return [
        { variant: 'head', method: 'HEAD', origin, why: 'an actual HEAD request: CORS headers must match GET' },
        // No body: corscan never submits data, it only asks how POST is answered.
        { variant: 'post', method: 'POST', origin, why: 'an actual POST request (no body): CORS headers must match GET, errors included' },
      ];
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
        why: 'a sibling path that should answer 404: are CORS headers sent on errors too?',
      },
    ],
  },
];
