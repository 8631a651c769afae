import { corsCheckHeaders } from '../../src/cors/check.js';
import { needsPreflight, preflightCheck, readableResponseHeaders, type CorsRequest } from '../../src/cors/preflight.js';
import { originAfterRedirect, redirectHopCheck, requestAfterRedirect } from '../../src/cors/redirect.js';
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
  /** The preflight sent again for the redirect's new URL (redirect rows whose hop passed and that need one). */
  redirectPreflight?: 'passed' | 'failed';
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
  const answer = combination.preflight ?? { status: 404, headers: [] };
  const preflightPasses = (forRequest: CorsRequest) => {
    const verdict = preflightCheck(forRequest, { status: answer.status ?? 200, headers: resolveHeaders(answer.headers) }, headers);
    return { passes: verdict.chromiumAllowed ?? verdict.allowed, cached: verdict.maxAgeSeconds.chromium > 0 };
  };
  let preflight: Outcome['preflight'] = 'none';
  let cached = false;
  if (needsPreflight(request, headers)) {
    const verdict = preflightPasses(request);
    if (!verdict.passes) return { preflight: 'failed', allowed: false };
    preflight = 'passed';
    cached = verdict.cached;
  }
  let current = request;
  const outcome: Outcome = { preflight, allowed: false };
  if (combination.redirect) {
    const hop = redirectHopCheck(resolveHeaders(combination.redirect.headers), request.origin, request.credentials);
    if (!hop.allowed) return outcome;
    const base = combination.redirect.to === 'same' ? API_ORIGIN : OTHER_ORIGIN;
    current = {
      ...requestAfterRedirect(request, combination.redirect.status ?? 302),
      origin: originAfterRedirect(request.origin, urlOf(combination), `${base}/c/${combination.id}/final`),
    };
    outcome.finalOrigin = current.origin;
    // The redirected request runs "main fetch" again: a new preflight for the new URL.
    if (needsPreflight(current, headers)) {
      const verdict = preflightPasses(current);
      outcome.redirectPreflight = verdict.passes ? 'passed' : 'failed';
      if (!verdict.passes) return outcome;
    }
  }
  const response = [...BASE_HEADERS, ...resolveHeaders(combination.response.headers)];
  outcome.allowed = corsCheckHeaders(response, current.origin, request.credentials).allowed;
  if (!outcome.allowed) return outcome;
  outcome.readable = readableResponseHeaders(response, request.credentials).sort();
  if (combination.repeat && preflight === 'passed') outcome.secondPreflight = !cached;
  return outcome;
}
