import { corsCheck, type CredentialsMode } from '../../cors/check.js';
import { preflightCheck, preflightResponseCheck, type CorsRequest, type PreflightVerdict } from '../../cors/preflight.js';
import type { CorsView, Observations } from '../../model/observation.js';
import { requestHeader, type ProbeId } from '../../model/probe.js';
import { evidenceOf } from './helpers.js';
import { isTrustedBySite } from '../../probe/site.js';
import { CUSTOM_HEADER, UNUSUAL_METHOD } from '../../probe/preflight-families.js';

/** Shared logic of the preflight and consistency rules (issue 5). */

/** True for a CORS preflight: OPTIONS with Access-Control-Request-Method. */
export const isPreflight = (view: CorsView): boolean =>
  view.probe.method === 'OPTIONS' && requestHeader(view.probe, 'access-control-request-method') !== undefined;

/** True for a Private Network Access preflight. */
export const isPrivateNetworkPreflight = (view: CorsView): boolean =>
  isPreflight(view) && requestHeader(view.probe, 'access-control-request-private-network') === 'true';

/** Every answered preflight, PNA ones excluded unless asked for. */
export function preflightViews(obs: Observations, includePrivateNetwork = false): readonly CorsView[] {
  // Several rules ask, some once per origin: worked out once per target's observations.
  let cached = PREFLIGHT_VIEWS.get(obs);
  if (!cached) {
    const all = Object.freeze(obs.views.filter((view) => isPreflight(view) && view.requestOrigin !== null));
    cached = { all, public: Object.freeze(all.filter((view) => !isPrivateNetworkPreflight(view))) };
    PREFLIGHT_VIEWS.set(obs, cached);
  }
  return includePrivateNetwork ? cached.all : cached.public;
}
const PREFLIGHT_VIEWS = new WeakMap<Observations, { all: readonly CorsView[]; public: readonly CorsView[] }>();

/** The page request a preflight stands for, as the CORS-check module takes it. */
export function corsRequestOf(view: CorsView, credentials: CredentialsMode, without: readonly string[] = []): CorsRequest {
  const acrh = requestHeader(view.probe, 'access-control-request-headers') ?? '';
  return {
    origin: view.requestOrigin ?? 'null',
    method: requestHeader(view.probe, 'access-control-request-method') ?? 'GET',
    headers: acrh
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== '' && !without.includes(name)),
    credentials,
    ...(isPrivateNetworkPreflight(view) ? { privateNetwork: true } : {}),
  };
}

/** The browser's verdict on a preflight answer for the request it stands for. */
export function verdictOf(view: CorsView, credentials: CredentialsMode, without: readonly string[] = []): PreflightVerdict {
  return preflightCheck(corsRequestOf(view, credentials, without), { status: view.status, headers: view.headers });
}

/** The browser's verdict on the preflight's method alone, its request headers left out. */
export function methodVerdictOf(view: CorsView, credentials: CredentialsMode): PreflightVerdict {
  return verdictOf(view, credentials, corsRequestOf(view, credentials).headers);
}

/** True when the preflight's answer passes its ok-status and CORS check, whatever it grants. */
export const preflightAnswered = (view: CorsView, credentials: CredentialsMode): boolean =>
  preflightResponseCheck({ status: view.status, headers: view.headers }, view.requestOrigin ?? 'null', credentials).allowed;

/** Verdict fields every finding built on the CORS-check module carries. */
export const verdictData = (verdict: { allowed: boolean; reason: string }): { verdict: string; reason: string } => ({
  verdict: verdict.allowed ? 'allowed' : 'blocked',
  reason: verdict.reason,
});

/** Actual GET responses to the target itself for `origin` (the simple probes). */
export function actualGets(obs: Observations, origin: string): CorsView[] {
  return obs.views.filter((view) => view.probe.method === 'GET' && view.probe.url === obs.site.url && view.requestOrigin === origin);
}

/** True when `origin` is one the site trusts (declared, learned, or its own). */
export function isTrustedOrigin(obs: Observations, origin: string): boolean {
  return origin === obs.site.origin || isTrustedBySite(obs.site, origin);
}

/** True when the response lets a page on `origin` read it (without credentials). */
export const grants = (view: CorsView, origin: string): boolean => corsCheck(view, origin, 'omit').allowed;

/** Trusted origins first, then the rest, each once: findings name the origin that matters most. */
export function byTrustFirst<T extends { origin: string }>(obs: Observations, items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(isTrustedOrigin(obs, b.origin)) - Number(isTrustedOrigin(obs, a.origin)));
}

/**
 * For rules about a preflight echoing what it was asked: the echo to show (one that also
 * passes for an origin the site does not trust, when there is one, since that raises the
 * severity), its verdict data, and the evidence with it first.
 */
export function pickEcho(obs: Observations, echoes: readonly CorsView[]): { untrusted: boolean; data: { origin: string; verdict: string; reason: string }; evidence: ProbeId[] } {
  const untrusted = echoes.find((view) => !isTrustedOrigin(obs, view.requestOrigin!) && verdictOf(view, 'omit').allowed);
  const shown = untrusted ?? echoes[0]!;
  // The echo was probed once, from a trusted origin when there is one: an untrusted origin whose
  // own preflight passes gets the same echo.
  const strangerPasses = preflightViews(obs).some((view) => !isTrustedOrigin(obs, view.requestOrigin!) && verdictOf(view, 'omit').allowed);
  return {
    untrusted: untrusted !== undefined || strangerPasses,
    data: { origin: shown.requestOrigin!, ...verdictData(verdictOf(shown, 'omit')) },
    evidence: evidenceOf([shown, ...echoes.filter((view) => view !== shown)]),
  };
}

/** A preflight a real front end sends: not the made-up method or header of the reflection tests. */
export function isFrontEndPreflight(view: CorsView): boolean {
  const method = requestHeader(view.probe, 'access-control-request-method') ?? '';
  const headers = (requestHeader(view.probe, 'access-control-request-headers') ?? '').split(',');
  return method.toUpperCase() !== UNUSUAL_METHOD && !headers.includes(CUSTOM_HEADER) && !isPrivateNetworkPreflight(view);
}

const splitMethods = (value: string): string[] =>
  value
    .split(',')
    .map((method) => method.trim().toUpperCase())
    .filter((method) => method !== '' && method !== '*' && method !== UNUSUAL_METHOD);

/**
 * Methods the endpoint serves, from its own answers: GET and HEAD (it is scanned with GET), every
 * `Allow` header (RFC 9110 §10.2.1; 405 answers must carry one), the methods its preflight answers
 * list (an echo of the made-up method excluded), actual requests it did not refuse with 405/501,
 * and the methods the config file's expected policy names.
 */
export function servedMethods(obs: Observations): Set<string> {
  const served = new Set(['GET', 'HEAD', ...(obs.site.expected?.methods ?? []).map((method) => method.toUpperCase())]);
  for (const view of obs.views) {
    for (const [name, value] of view.headers) if (name.toLowerCase() === 'allow') splitMethods(value).forEach((method) => served.add(method));
    for (const method of splitMethods(view.allowMethods.join(','))) served.add(method);
    if (!isPreflight(view) && view.probe.method !== 'OPTIONS' && view.status !== 405 && view.status !== 501) served.add(view.probe.method.toUpperCase());
  }
  return served;
}
