import { corsCheckHeaders, type CorsVerdict, type CredentialsMode } from './check.js';
import { originOf } from './origin.js';

/**
 * Fetch "HTTP-redirect fetch" for CORS requests, as browsers apply it. Pure.
 *
 * - A redirect response of a CORS request is CORS-checked like any response
 *   (Fetch "HTTP fetch": the check runs before the redirect is followed), so the
 *   hop itself must grant the origin.
 * - The request after a redirect goes through "main fetch" again: a request that
 *   needed a preflight needs one again for the new URL (with the new `Origin`).
 * - When a hop leaves an origin that is not the page's own for another origin,
 *   the request's "tainted origin flag" is set and every later hop sends
 *   `Origin: null` (Fetch "serializing a request origin"), so the final server
 *   must grant `null` (or `*` without credentials).
 */

/** The `Origin` a browser sends after following a redirect from `fromUrl` to `toUrl`. */
export function originAfterRedirect(requestOrigin: string, fromUrl: string, toUrl: string): string {
  if (requestOrigin === 'null') return 'null';
  const from = originOf(fromUrl);
  const to = originOf(toUrl);
  return from !== to && requestOrigin !== from ? 'null' : requestOrigin;
}

/** The CORS check of one redirect hop: a failing hop is a network error, the redirect is never followed. */
export function redirectHopCheck(headers: readonly [string, string][], origin: string, credentials: CredentialsMode): CorsVerdict {
  const verdict = corsCheckHeaders(headers, origin, credentials);
  return verdict.allowed ? verdict : { allowed: false, reason: `redirect response fails the CORS check: ${verdict.reason}` };
}

/** Fetch "request-body-header name": dropped with the body when a redirect turns the request into a GET. */
const REQUEST_BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type'];

/**
 * Fetch "HTTP-redirect fetch": 301/302 turn POST into GET, 303 turns every
 * method but GET and HEAD into GET; 307/308 keep the method. A request turned
 * into a GET loses its body and the request-body headers, so a JSON POST that
 * needed a preflight becomes a simple GET.
 */
export function requestAfterRedirect<T extends { method: string; headers: string[] }>(request: T, status: number): T {
  const { method } = request;
  const toGet = ((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD');
  if (!toGet) return request;
  return { ...request, method: 'GET', headers: request.headers.filter((name) => !REQUEST_BODY_HEADERS.includes(name.toLowerCase())) };
}
