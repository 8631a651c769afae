import { corsCheckHeaders } from '../../src/cors/check.js';
import { needsPreflight, preflightCheck, readableResponseHeaders, type CorsRequest } from '../../src/cors/preflight.js';
import { originAfterRedirect, redirectHopCheck } from '../../src/cors/redirect.js';
import type { Combination } from './combinations.js';
import { API_ORIGIN, BASE_HEADERS, OTHER_ORIGIN, PAGE_ORIGIN, resolveHeaders } from './server.js';

/** What happened to one combination, as the module predicts it or as Chromium did it. */
export interface Outcome {
  preflight: 'none' | 'passed' | 'failed';
  /** Script got the response (fetch resolved). */
  allowed: boolean;
  /** Lower-cased response header names script can read, sorted (only when allowed). */
  readable?: string[];
  /** `Origin` the final server received (redirect rows whose hop passed). */
  finalOrigin?: string;
  /** The identical second request sent its own preflight (repeat rows whose preflight passed). */
  secondPreflight?: boolean;
}

/** Header names a row's readable-header comparison covers: its own response headers plus the base ones. */
export function candidateNames(combination: Combination): string[] {
  return [...new Set([...BASE_HEADERS, ...combination.response.headers].map(([name]) => name.toLowerCase()))].sort();
}

export const urlOf = (combination: Combination): string => `${API_ORIGIN}/c/${combination.id}`;

/** The module's verdict for one combination. */
export function predict(combination: Combination): Outcome {
  const headers = combination.request?.headers ?? {};
  const request: CorsRequest = {
    origin: PAGE_ORIGIN,
    method: combination.request?.method ?? 'GET',
    headers: Object.keys(headers),
    credentials: combination.request?.credentials ?? 'omit',
  };
  let preflight: Outcome['preflight'] = 'none';
  let cached = false;
  if (needsPreflight(request, headers)) {
    const answer = combination.preflight ?? { status: 404, headers: [] };
    const verdict = preflightCheck(request, { status: answer.status ?? 200, headers: resolveHeaders(answer.headers) }, headers);
    if (!(verdict.chromiumAllowed ?? verdict.allowed)) return { preflight: 'failed', allowed: false };
    preflight = 'passed';
    cached = verdict.maxAgeSeconds.chromium > 0;
  }
  let origin = request.origin;
  let finalOrigin: string | undefined;
  if (combination.redirect) {
    const hop = redirectHopCheck(resolveHeaders(combination.redirect.headers), origin, request.credentials);
    if (!hop.allowed) return { preflight, allowed: false };
    const base = combination.redirect.to === 'same' ? API_ORIGIN : OTHER_ORIGIN;
    origin = originAfterRedirect(origin, urlOf(combination), `${base}/c/${combination.id}/final`);
    finalOrigin = origin;
  }
  const response = [...BASE_HEADERS, ...resolveHeaders(combination.response.headers)];
  const verdict = corsCheckHeaders(response, origin, request.credentials);
  const outcome: Outcome = { preflight, allowed: verdict.allowed };
  if (finalOrigin !== undefined) outcome.finalOrigin = finalOrigin;
  if (!verdict.allowed) return outcome;
  outcome.readable = readableResponseHeaders(response, request.credentials).sort();
  if (combination.repeat && preflight === 'passed') outcome.secondPreflight = !cached;
  return outcome;
}
