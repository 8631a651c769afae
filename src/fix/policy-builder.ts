import { isSerializedOrigin, originOf } from '../cors/origin.js';
import { UsageError } from '../model/errors.js';
import { isPublic, type CorsPolicy } from './policy.js';

/**
 * Builds a CorsPolicy from user input and refuses what browsers reject or what is
 * unsafe, with the reason, the way jub0bs/cors validates its configuration: a policy
 * that passes here produces no finding at medium or above when a middleware applies it.
 */

/** What `corscan policy` flags (or a scan report) ask for, before validation. */
export interface PolicyInput {
  origins: readonly string[];
  credentials?: boolean;
  methods?: readonly string[];
  headers?: readonly string[];
  expose?: readonly string[];
  maxAge?: number | null;
}

/** Chromium caps Access-Control-Max-Age at 7200 s (Firefox at 86400 s); more is silently cut. */
export const MAX_AGE_CAP = 7200;
/** A preflight cache of ten minutes: few preflights, and a policy change reaches browsers quickly. */
export const DEFAULT_MAX_AGE = 600;
/** The methods a page can use anyway (CORS-safelisted) plus nothing else, until the user lists more. */
export const DEFAULT_METHODS = ['GET', 'HEAD', 'POST'];
/** JSON APIs need Content-Type: application/json, which is not safelisted and so needs a preflight. */
export const DEFAULT_HEADERS = ['Content-Type'];

/** Fetch "forbidden method": browsers never send these, so listing them only documents a mistake. */
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
/** Fetch normalises these six methods to upper case; every other method is compared byte for byte. */
const NORMALISED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
/** Fetch "forbidden request-header names": scripts cannot set them, so they never appear in a preflight. */
const FORBIDDEN_REQUEST_HEADERS = [
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method', 'connection',
  'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin', 'referer', 'set-cookie',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
];
/** Fetch "forbidden response-header names": never exposed to scripts, whatever the server says. */
const FORBIDDEN_RESPONSE_HEADERS = ['set-cookie', 'set-cookie2'];
/** RFC 9110 token: methods and header names. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The configuration is unsafe or browsers would reject it: one line, exit 2. */
export class PolicyError extends UsageError {}

function refuse(message: string): never {
  throw new PolicyError(message);
}

function dedupe(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Splits repeatable, comma-separated flag values (`--methods GET,PUT --methods DELETE`). */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

function validateOrigin(value: string, credentials: boolean): string {
  if (value === '*') {
    if (credentials) {
      refuse('origin * cannot be combined with credentials: browsers reject Access-Control-Allow-Origin: * on credentialed requests; list the exact origins instead');
    }
    return value;
  }
  if (value === 'null') {
    refuse('origin null cannot be allowed: sandboxed iframes and data: URLs of any website send Origin: null, so allowing it allows everyone');
  }
  if (value.includes('*')) {
    refuse(
      `origin ${value} is a pattern: Access-Control-Allow-Origin never matches a pattern, and trusting every subdomain ${credentials ? 'with credentials ' : ''}lets one taken-over or user-content subdomain read your API; list the subdomains that need access`,
    );
  }
  const origin = originOf(value);
  if (!origin || !isSerializedOrigin(origin)) refuse(`origin ${value} is not an http(s) origin such as https://app.example.com`);
  if (origin !== value) refuse(`origin ${value} is not in the form browsers send (${origin}): Access-Control-Allow-Origin must match byte for byte`);
  if (credentials && origin.startsWith('http://')) {
    refuse(`origin ${origin} is plain http: anyone on the network path can inject a script into it and read your API with the user's credentials; allow its https origin`);
  }
  return origin;
}

function validateMethod(value: string, credentials: boolean): string {
  if (value === '*') {
    if (credentials) refuse('methods * cannot be combined with credentials: browsers then read * as a method named "*"; list the methods');
    return value;
  }
  if (!TOKEN.test(value)) refuse(`method ${value} is not an HTTP method token`);
  const upper = value.toUpperCase();
  if (FORBIDDEN_METHODS.includes(upper)) refuse(`method ${value} is forbidden by the Fetch standard: browsers never send it`);
  return NORMALISED_METHODS.includes(upper) ? upper : value;
}

function validateHeader(value: string, credentials: boolean, flag: '--headers' | '--expose'): string {
  if (value === '*') {
    if (credentials) {
      refuse(`${flag} * cannot be combined with credentials: browsers then read * as a header named "*"; list the headers`);
    }
    return value;
  }
  if (!TOKEN.test(value)) refuse(`${flag} ${value} is not a header name`);
  const lower = value.toLowerCase();
  if (flag === '--headers' && (FORBIDDEN_REQUEST_HEADERS.includes(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-'))) {
    refuse(`--headers ${value} is a forbidden request header: scripts cannot set it, so a preflight never asks for it`);
  }
  if (flag === '--expose' && FORBIDDEN_RESPONSE_HEADERS.includes(lower)) {
    refuse(`--expose ${value} is never readable by scripts (Fetch forbidden response header); cookies stay HttpOnly to the page`);
  }
  return value;
}

/** The method as the builder keeps it, or undefined where it would refuse it (a fix drops it rather than fail). */
export function acceptedMethod(value: string, credentials: boolean): string | undefined {
  return accepted(() => validateMethod(value, credentials));
}

/** The header name as the builder keeps it for `flag`, or undefined where it would refuse it. */
export function acceptedHeader(value: string, credentials: boolean, flag: '--headers' | '--expose'): string | undefined {
  return accepted(() => validateHeader(value, credentials, flag));
}

function accepted(validate: () => string): string | undefined {
  try {
    return validate();
  } catch (error) {
    if (error instanceof PolicyError) return undefined;
    throw error;
  }
}

/** Validates input into a policy; every problem is a PolicyError with the reason. */
export function buildPolicy(input: PolicyInput): CorsPolicy {
  const credentials = Boolean(input.credentials);
  const origins = dedupe(input.origins.map((value) => validateOrigin(value.trim(), credentials)));
  if (origins.length === 0) refuse('no origin: pass --origin https://app.example.com (repeatable), or --from-report with a scan that knows trusted origins');
  if (origins.includes('*') && origins.length > 1) refuse('origin * already allows every origin; pass it alone');
  const methods = dedupe((input.methods?.length ? input.methods : DEFAULT_METHODS).map((value) => validateMethod(value, credentials)));
  const headers = dedupe((input.headers ?? DEFAULT_HEADERS).map((value) => validateHeader(value, credentials, '--headers')));
  const expose = dedupe((input.expose ?? []).map((value) => validateHeader(value, credentials, '--expose')));
  const maxAge = input.maxAge === undefined ? DEFAULT_MAX_AGE : input.maxAge;
  if (maxAge !== null && (!Number.isInteger(maxAge) || maxAge < 0)) refuse(`--max-age ${maxAge} must be a whole number of seconds, 0 or more`);
  if (maxAge !== null && maxAge > MAX_AGE_CAP) {
    refuse(`--max-age ${maxAge} is above what browsers honour (Chromium caps preflight caching at ${MAX_AGE_CAP} s, Firefox at 86400 s): use ${MAX_AGE_CAP} or less`);
  }
  return { origins, credentials, methods, headers, expose, maxAge };
}

/** The origin a preview uses for "someone else": a reserved name (RFC 2606), never a real site. */
export const REFUSED_ORIGIN = 'https://attacker.example';

/** A request and the exact answer the policy prescribes. */
export interface PreviewExchange {
  title: string;
  request: { method: string; headers: [string, string][] };
  response: { status: number; headers: [string, string][] };
}

/** `Vary: Origin` whenever the answer depends on Origin, i.e. for every non-public policy. */
function varyHeaders(policy: CorsPolicy): [string, string][] {
  return isPublic(policy) ? [] : [['Vary', 'Origin']];
}

/** Headers of an actual (non-preflight) response to `origin`. Empty CORS part for a refused origin. */
export function actualResponseHeaders(policy: CorsPolicy, origin: string): [string, string][] {
  const allowed = isPublic(policy) || policy.origins.includes(origin);
  const headers: [string, string][] = [];
  if (allowed) {
    headers.push(['Access-Control-Allow-Origin', isPublic(policy) ? '*' : origin]);
    if (policy.credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
    if (policy.expose.length > 0) headers.push(['Access-Control-Expose-Headers', policy.expose.join(', ')]);
  }
  return [...headers, ...varyHeaders(policy)];
}

/** Headers of a preflight response to `origin`. */
export function preflightResponseHeaders(policy: CorsPolicy, origin: string): [string, string][] {
  const allowed = isPublic(policy) || policy.origins.includes(origin);
  const headers: [string, string][] = [];
  if (allowed) {
    headers.push(['Access-Control-Allow-Origin', isPublic(policy) ? '*' : origin]);
    if (policy.credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
    headers.push(['Access-Control-Allow-Methods', policy.methods.join(', ')]);
    if (policy.headers.length > 0) headers.push(['Access-Control-Allow-Headers', policy.headers.join(', ')]);
    if (policy.maxAge !== null) headers.push(['Access-Control-Max-Age', String(policy.maxAge)]);
  }
  return [...headers, ...varyHeaders(policy)];
}

/** The four exchanges `corscan policy` prints: preflight and actual request, allowed and refused origin. */
export function previewExchanges(policy: CorsPolicy): PreviewExchange[] {
  const allowedOrigin = isPublic(policy) ? 'https://app.example.com' : policy.origins[0]!;
  // A preflight asks for the first method that needs one (anything but GET, HEAD, POST).
  const method = policy.methods.find((m) => !['GET', 'HEAD', 'POST', '*'].includes(m)) ?? 'POST';
  const preflightRequest = (origin: string): PreviewExchange['request'] => ({
    method: 'OPTIONS',
    headers: [
      ['Origin', origin],
      ['Access-Control-Request-Method', method],
      // Browsers send the names lower-cased and sorted.
      ...(policy.headers.length > 0 && policy.headers[0] !== '*'
        ? [['Access-Control-Request-Headers', policy.headers.map((h) => h.toLowerCase()).sort().join(',')] as [string, string]]
        : []),
    ],
  });
  const actualRequest = (origin: string): PreviewExchange['request'] => ({
    method: method === 'POST' ? 'GET' : method,
    headers: [['Origin', origin], ...(policy.credentials ? [['Cookie', '…'] as [string, string]] : [])],
  });
  const allowed: PreviewExchange[] = [
    { title: 'Preflight from an allowed origin', request: preflightRequest(allowedOrigin), response: { status: 204, headers: preflightResponseHeaders(policy, allowedOrigin) } },
    { title: 'Actual request from an allowed origin', request: actualRequest(allowedOrigin), response: { status: 200, headers: actualResponseHeaders(policy, allowedOrigin) } },
  ];
  // A public policy refuses no origin.
  if (isPublic(policy)) return allowed;
  return [
    ...allowed,
    { title: 'Preflight from a refused origin', request: preflightRequest(REFUSED_ORIGIN), response: { status: 204, headers: preflightResponseHeaders(policy, REFUSED_ORIGIN) } },
    { title: 'Actual request from a refused origin', request: actualRequest(REFUSED_ORIGIN), response: { status: 200, headers: actualResponseHeaders(policy, REFUSED_ORIGIN) } },
  ];
}
