/**
 * Groups recorded request URLs into endpoints: path segments that are ids become
 * `{id}`, so `/api/items/17` and `/api/items/42` are one endpoint with one CORS
 * policy, scanned once. Pure.
 */
import { isSecretParam } from '../engine/redaction.js';

/** Kinds of id a path segment may be; each pattern matches the whole (decoded) segment. */
const ID_PATTERNS: RegExp[] = [
  // Numbers: auto-increment keys.
  /^\d+$/,
  // UUIDs (RFC 9562), any version, either case.
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  // Long hex: MongoDB ObjectIds (24), hashes (32, 40, 64); 16 is the shortest that is no word.
  /^[0-9a-f]{16,}$/i,
  // ULIDs: 26 Crockford base-32 characters, the first at most 7 (48-bit time).
  /^[0-7][0-9a-hjkmnp-tv-z]{25}$/i,
];

/** True when a path segment is an id (number, UUID, long hex, ULID). */
export function isIdSegment(segment: string): boolean {
  return ID_PATTERNS.some((pattern) => pattern.test(segment));
}

/**
 * With `--har-keep-query` the values of query parameters that carry credentials (OAuth
 * tokens, API keys, signed-URL signatures, one-time codes; the redaction policy's
 * `isSecretParam`) are replaced, so a HAR's secrets never reach a target URL.
 */
export const REDACTED_PARAM = 'redacted';

/** The query as kept: credential-carrying values replaced. */
function keptQuery(url: URL): string {
  const params = new URLSearchParams(url.search);
  for (const name of new Set(params.keys())) if (isSecretParam(name)) params.set(name, REDACTED_PARAM);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The URL with id segments replaced by `{id}`; the query kept only when asked, the fragment never. */
export function urlTemplate(url: URL, keepQuery: boolean): string {
  const path = url.pathname
    .split('/')
    .map((segment) => (isIdSegment(segment) ? '{id}' : segment))
    .join('/');
  return `${url.origin}${path}${keepQuery ? keptQuery(url) : ''}`;
}

/** The URL a HAR request is scanned at: as recorded, without fragment, and without query unless kept. */
export function scanUrl(url: URL, keepQuery: boolean): string {
  const copy = new URL(url.href);
  copy.hash = '';
  copy.search = keepQuery ? keptQuery(url) : '';
  return copy.href;
}
