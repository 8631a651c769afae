import type { CorsView } from '../model/observation.js';
import { headerValues } from './headers.js';

/**
 * Fetch standard, "CORS check": what a browser does with an actual response.
 * Pure; shared by every rule that asks "would a browser let the page read this?".
 */

export type CredentialsMode = 'omit' | 'include';

export interface CorsVerdict {
  allowed: boolean;
  reason: string;
}

/**
 * Fetch "get" on a header list: every line of the name, joined with ", ".
 * Two `Access-Control-Allow-Origin` lines therefore never equal one origin.
 */
export function combinedValue(lines: readonly string[]): string | null {
  return lines.length === 0 ? null : lines.join(', ');
}

/**
 * Runs the CORS check of the response in `view` for a request from `origin`, on the
 * header lines the view already holds (observe/cors-view.ts takes them from its headers
 * with headerValues): rules ask this for every answer and origin of a target.
 */
export function corsCheck(view: CorsView, origin: string, credentials: CredentialsMode): CorsVerdict {
  return corsCheckLines(view.allowOrigin, () => view.allowCredentialsRaw, origin, credentials);
}

/**
 * The CORS check on a raw header list (ordered pairs, duplicates kept). The
 * preflight check runs the same algorithm with the actual request's credentials mode.
 */
export function corsCheckHeaders(headers: readonly [string, string][], origin: string, credentials: CredentialsMode): CorsVerdict {
  return corsCheckLines(headerValues(headers, 'access-control-allow-origin'), () => headerValues(headers, 'access-control-allow-credentials'), origin, credentials);
}

/** The CORS check on the lines of Access-Control-Allow-Origin and (asked only when needed) Access-Control-Allow-Credentials. */
function corsCheckLines(allowOriginLines: readonly string[], allowCredentialsLines: () => readonly string[], origin: string, credentials: CredentialsMode): CorsVerdict {
  const allowOrigin = combinedValue(allowOriginLines);
  if (allowOrigin === null) return { allowed: false, reason: 'no Access-Control-Allow-Origin header' };
  // `*` matches every origin, but only for requests without credentials.
  if (allowOrigin === '*' && credentials === 'omit') return { allowed: true, reason: 'wildcard origin' };
  if (allowOrigin !== origin) {
    return {
      allowed: false,
      reason:
        allowOrigin === '*'
          ? 'Access-Control-Allow-Origin: * is not allowed for credentialed requests'
          : `Access-Control-Allow-Origin "${allowOrigin}" is not byte-for-byte "${origin}"`,
    };
  }
  if (credentials === 'omit') return { allowed: true, reason: 'origin allowed' };
  // Access-Control-Allow-Credentials = %s"true" (case-sensitive): `True` and `true, true` fail.
  const allowCredentials = combinedValue(allowCredentialsLines());
  if (allowCredentials === 'true') return { allowed: true, reason: 'origin and credentials allowed' };
  return {
    allowed: false,
    reason:
      allowCredentials === null
        ? 'no Access-Control-Allow-Credentials: true for a credentialed request'
        : `Access-Control-Allow-Credentials "${allowCredentials}" is not exactly "true"`,
  };
}

/**
 * True when the response grants `origin` itself, not through `*`: a browser page on
 * that origin can read it. Whether cookies come along is a separate question (`allowCredentials`).
 */
export function grantsExactOrigin(view: CorsView, origin: string): boolean {
  return combinedValue(view.allowOrigin) === origin;
}
