import { corsCheckHeaders, type CorsVerdict, type CredentialsMode } from './check.js';
import { extractTokenList, getHeader, headerValues } from './headers.js';

/**
 * Fetch standard, "CORS-preflight fetch" and friends, as browsers apply them:
 * when a request needs a preflight, what the browser sends, whether the answer
 * lets the actual request through, how long it is cached, and which response
 * headers page script may read. Pure, no I/O: rules and the browser conformance
 * suite share it. Section names below are fetch.spec.whatwg.org anchors.
 */

/** The request a page makes, as far as CORS cares. */
export interface CorsRequest {
  /** Serialized origin of the page (`https://app.example.com`, or `null`). */
  origin: string;
  /** As the page wrote it; normalised like fetch() does. */
  method: string;
  /** Header names the page set (author request headers). */
  headers: string[];
  credentials: CredentialsMode;
  /**
   * Chrome's Private Network Access: the preflight carried
   * `Access-Control-Request-Private-Network: true`, so the answer must grant it.
   */
  privateNetwork?: boolean;
}

export interface PreflightResponse {
  status: number;
  headers: [string, string][];
}

export interface MaxAge {
  /** Seconds Chromium caches the preflight: Fetch default 5 s, capped at 7200 s (2 h). */
  chromium: number;
  /** Seconds Firefox caches it: capped at 86400 s (24 h); an unparsable value is not cached. */
  firefox: number;
}

export interface PreflightVerdict {
  /** The Fetch standard's verdict (Firefox, Safari). */
  allowed: boolean;
  /** Set only where Chromium lets through what the standard blocks (see preflightCheck). */
  chromiumAllowed?: true;
  reason: string;
  /** How long the answer would be cached if it passes; browsers never cache a failed preflight. */
  maxAgeSeconds: MaxAge;
}

/** Fetch "CORS-safelisted method". */
export const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'] as const;

/** Fetch "normalize a method": only these six are upper-cased; `patch` stays `patch`. */
const NORMALISED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/** Fetch "normalize a method". */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALISED_METHODS.includes(upper) ? upper : method;
}

export const isSafelistedMethod = (method: string): boolean =>
  (SAFELISTED_METHODS as readonly string[]).includes(normalizeMethod(method));

/** Fetch "forbidden request-header": fetch() silently drops these, so they never need a grant. */
const FORBIDDEN_REQUEST_HEADERS = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);

export const isForbiddenRequestHeader = (name: string): boolean => {
  const lower = name.toLowerCase();
  return FORBIDDEN_REQUEST_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
};

/** Fetch "CORS-unsafe request-header byte". */
const UNSAFE_BYTE = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;

/** Content types a form or a plain `fetch(url, {body: string})` sends without a preflight. */
const SAFELISTED_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Fetch "CORS-safelisted request-header" (name, value). Without a value, the
 * names whose typical values are safelisted (Accept, Accept-Language,
 * Content-Language) count as safelisted, and Content-Type and Range do not:
 * a page names Content-Type when it sends JSON.
 */
export function isSafelistedRequestHeader(name: string, value?: string): boolean {
  const lower = name.toLowerCase();
  if (value === undefined) return ['accept', 'accept-language', 'content-language'].includes(lower);
  if (value.length > 128) return false;
  switch (lower) {
    case 'accept':
      return !UNSAFE_BYTE.test(value);
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case 'content-type': {
      if (UNSAFE_BYTE.test(value)) return false;
      // MIME "essence": type/subtype before any parameter, lower-cased.
      const essence = value.split(';')[0]!.trim().toLowerCase();
      return SAFELISTED_CONTENT_TYPES.includes(essence);
    }
    case 'range': {
      // Fetch "simple range header value": one `bytes=start-[end]` range, start required.
      const match = /^bytes=(\d+)-(\d*)$/.exec(value);
      return match !== null && (match[2] === '' || Number(match[1]) <= Number(match[2]));
    }
    default:
      return false;
  }
}

const valueOf = (values: Record<string, string> | undefined, name: string): string | undefined => {
  if (!values) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(values)) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

/**
 * Fetch "CORS-unsafe request-header names": the names that need a grant, lower-cased,
 * sorted, deduplicated (that is also the `Access-Control-Request-Headers` value).
 * Safelisted values longer than 1024 bytes in total make every safelisted name unsafe.
 */
export function unsafeRequestHeaderNames(request: Pick<CorsRequest, 'headers'>, headerValues?: Record<string, string>): string[] {
  const unsafe = new Set<string>();
  const potentiallyUnsafe: string[] = [];
  let safelistValueSize = 0;
  for (const name of request.headers) {
    if (isForbiddenRequestHeader(name)) continue;
    const value = valueOf(headerValues, name);
    if (!isSafelistedRequestHeader(name, value)) unsafe.add(name.toLowerCase());
    else {
      potentiallyUnsafe.push(name.toLowerCase());
      safelistValueSize += value?.length ?? 0;
    }
  }
  if (safelistValueSize > 1024) for (const name of potentiallyUnsafe) unsafe.add(name);
  return [...unsafe].sort();
}

/** True when a browser sends a CORS preflight before this request (Fetch "main fetch", cors-with-forced-preflight). */
export function needsPreflight(request: CorsRequest, headerValues?: Record<string, string>): boolean {
  return !isSafelistedMethod(request.method) || unsafeRequestHeaderNames(request, headerValues).length > 0;
}

/**
 * The headers a browser puts on the preflight (Fetch "CORS-preflight fetch"):
 * `Accept: *\/*`, the normalised method, and the unsafe header names lower-case,
 * sorted and joined with "," without spaces. Strict servers compare this byte for byte.
 */
export function preflightRequestHeaders(request: CorsRequest, headerValues?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: '*/*',
    Origin: request.origin,
    'Access-Control-Request-Method': normalizeMethod(request.method),
  };
  const unsafe = unsafeRequestHeaderNames(request, headerValues);
  if (unsafe.length > 0) headers['Access-Control-Request-Headers'] = unsafe.join(',');
  if (request.privateNetwork) headers['Access-Control-Request-Private-Network'] = 'true';
  return headers;
}

/** Chromium's cap on preflight caching (`kMaxCacheTimeout`, 2 hours). */
export const CHROMIUM_MAX_AGE_CAP = 7200;
/** Firefox's cap (nsCORSListenerProxy, 24 hours). */
export const FIREFOX_MAX_AGE_CAP = 86400;
/** Fetch: "If max-age is failure or null, then set max-age to 5." */
export const DEFAULT_MAX_AGE = 5;

/**
 * `Access-Control-Max-Age = delta-seconds` (digits only). Fetch and Chromium fall
 * back to 5 s on a missing or unparsable value; Firefox caches 5 s when it is
 * missing but not at all when it is unparsable (negative, fractional, two lines).
 */
export function maxAgeOf(headers: readonly [string, string][]): MaxAge {
  const lines = headerValues(headers, 'access-control-max-age');
  if (lines.length === 0) return { chromium: DEFAULT_MAX_AGE, firefox: DEFAULT_MAX_AGE };
  const value = lines.join(', ');
  // Chromium parses an int64 (base::StringToInt64) and caches a negative value for 0 s,
  // i.e. not at all, instead of the default (seen in the browser suite: `-1`, `-0`).
  if (/^-\d+$/.test(value)) return { chromium: 0, firefox: 0 };
  if (!/^\d+$/.test(value)) return { chromium: DEFAULT_MAX_AGE, firefox: 0 };
  const seconds = Number(value);
  return { chromium: Math.min(seconds, CHROMIUM_MAX_AGE_CAP), firefox: Math.min(seconds, FIREFOX_MAX_AGE_CAP) };
}

const isOkStatus = (status: number): boolean => status >= 200 && status <= 299;
const includesInsensitive = (list: readonly string[], name: string): boolean =>
  list.some((item) => item.toLowerCase() === name.toLowerCase());

/**
 * The first step of "CORS-preflight fetch" once the answer arrives: an ok status
 * and the CORS check with the actual request's credentials mode. What the answer
 * grants (methods, headers) counts only once this passes.
 */
export function preflightResponseCheck(response: PreflightResponse, origin: string, credentials: CredentialsMode): CorsVerdict {
  const cors = corsCheckHeaders(response.headers, origin, credentials);
  const statusOk = isOkStatus(response.status);
  if (statusOk && cors.allowed) return cors;
  const parts = [];
  if (!statusOk) parts.push(`preflight status ${response.status} is not an ok status (200-299)`);
  if (!cors.allowed) parts.push(cors.reason);
  return { allowed: false, reason: parts.join('; ') };
}

/**
 * Fetch "CORS-preflight fetch", steps after the response arrives: the CORS check
 * with the actual request's credentials mode and an ok status; ACAM and ACAH
 * parsed ("extract header list values"; a parse failure is a network error);
 * the method granted (byte-exact after normalisation, `*` only without
 * credentials, safelisted methods need no grant); `Authorization` granted by
 * name (it is the "CORS non-wildcard request-header name"); every other unsafe
 * header granted case-insensitively or by `*` without credentials.
 */
export function preflightCheck(request: CorsRequest, response: PreflightResponse, headerValues?: Record<string, string>): PreflightVerdict {
  const maxAgeSeconds = maxAgeOf(response.headers);
  const blocked = (reason: string): PreflightVerdict => ({ allowed: false, reason, maxAgeSeconds });
  const answered = preflightResponseCheck(response, request.origin, request.credentials);
  if (!answered.allowed) return blocked(answered.reason);
  // Chrome Private Network Access: the grant must be exactly `true`.
  if (request.privateNetwork && getHeader(response.headers, 'access-control-allow-private-network') !== 'true') {
    return blocked('no Access-Control-Allow-Private-Network: true for a private-network preflight');
  }
  const methods = extractTokenList(response.headers, 'access-control-allow-methods');
  if (methods === 'failure') {
    return blocked(`Access-Control-Allow-Methods "${getHeader(response.headers, 'access-control-allow-methods')}" does not parse as a comma-separated list of tokens`);
  }
  const headerNames = extractTokenList(response.headers, 'access-control-allow-headers');
  if (headerNames === 'failure') {
    return blocked(`Access-Control-Allow-Headers "${getHeader(response.headers, 'access-control-allow-headers')}" does not parse as a comma-separated list of tokens`);
  }
  const credentialed = request.credentials === 'include';
  const method = normalizeMethod(request.method);
  const methodList = methods ?? [];
  if (!methodList.includes(method) && !isSafelistedMethod(method) && (credentialed || !methodList.includes('*'))) {
    let why = methods === null ? 'no Access-Control-Allow-Methods' : `Access-Control-Allow-Methods "${methodList.join(', ')}" does not list it`;
    if (credentialed && methodList.includes('*')) why += ' ("*" is a literal method name for credentialed requests)';
    else if (methodList.some((item) => item.toLowerCase() === method.toLowerCase())) why += ' (methods are compared case-sensitively)';
    return blocked(`method ${method} is not allowed: ${why}`);
  }
  const granted = headerNames ?? [];
  const authorNames = request.headers.filter((name) => !isForbiddenRequestHeader(name)).map((name) => name.toLowerCase());
  if (authorNames.includes('authorization') && !includesInsensitive(granted, 'authorization')) {
    const verdict = blocked(
      granted.includes('*')
        ? 'request header authorization is not allowed: Access-Control-Allow-Headers "*" never covers Authorization; it must be named'
        : `request header authorization is not allowed by ${headerNames === null ? 'a missing Access-Control-Allow-Headers' : `Access-Control-Allow-Headers "${granted.join(', ')}"`}`,
    );
    // Chromium (still in 156) lets `*` cover Authorization for requests without
    // credentials, with only a console deprecation warning; Firefox and Safari follow Fetch.
    // That `*` covers every other unsafe header too, so Chromium lets the request through.
    if (!credentialed && granted.includes('*')) verdict.chromiumAllowed = true;
    return verdict;
  }
  for (const name of unsafeRequestHeaderNames(request, headerValues)) {
    if (includesInsensitive(granted, name) || (!credentialed && granted.includes('*'))) continue;
    const why =
      headerNames === null
        ? 'no Access-Control-Allow-Headers'
        : `Access-Control-Allow-Headers "${granted.join(', ')}" does not list it${credentialed && granted.includes('*') ? ' ("*" is a literal header name for credentialed requests)' : ''}`;
    return blocked(`request header ${name} is not allowed: ${why}`);
  }
  const unsafe = unsafeRequestHeaderNames(request, headerValues);
  return {
    allowed: true,
    reason: `preflight allows ${method}${unsafe.length > 0 ? ` with ${unsafe.join(', ')}` : ''} from ${request.origin}${credentialed ? ' with credentials' : ''}`,
    maxAgeSeconds,
  };
}

/** Fetch "CORS-safelisted response-header name": readable without Access-Control-Expose-Headers. */
export const SAFELISTED_RESPONSE_HEADERS = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];

/** Fetch "forbidden response-header name": never readable, whatever ACEH says. */
const FORBIDDEN_RESPONSE_HEADERS = ['set-cookie', 'set-cookie2'];

/**
 * What Access-Control-Expose-Headers exposes (Fetch "main fetch", cors tainting):
 * `'*'` for every header (only without credentials), else the listed names,
 * lower-cased; nothing when it is absent or does not parse.
 */
export function exposedHeaderNames(headers: readonly [string, string][], credentials: CredentialsMode): string[] | '*' {
  const names = extractTokenList(headers, 'access-control-expose-headers');
  if (names === null || names === 'failure') return [];
  if (credentials === 'omit' && names.includes('*')) return '*';
  return [...new Set(names.map((name) => name.toLowerCase()))];
}

/**
 * Lower-cased names of the response headers page script can read through a
 * CORS response (Fetch "CORS filtered response"): the safelisted ones plus
 * those exposed, never Set-Cookie. With credentials, `*` is a literal name.
 */
export function readableResponseHeaders(headers: readonly [string, string][], credentials: CredentialsMode): string[] {
  const exposed = exposedHeaderNames(headers, credentials);
  const readable = new Set<string>();
  for (const [name] of headers) {
    const lower = name.toLowerCase();
    if (FORBIDDEN_RESPONSE_HEADERS.includes(lower)) continue;
    if (SAFELISTED_RESPONSE_HEADERS.includes(lower) || exposed === '*' || exposed.includes(lower)) readable.add(lower);
  }
  return [...readable];
}
