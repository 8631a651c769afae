/**
 * Serialized origins as browsers send them in the `Origin` header
 * (HTML "ASCII serialization of an origin"): lower-case scheme and host,
 * no default port, no path, no trailing slash.
 */

/** The serialized origin of a URL, or null for opaque origins. */
export function originOf(url: string | URL): string | null {
  try {
    const origin = (typeof url === 'string' ? new URL(url) : url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Host names browsers can have an origin for: DNS labels, IPv4, or bracketed IPv6. */
const REAL_HOST = /^(?:[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$|^\[[0-9a-f:.]+\]$/;

/**
 * True when `value` is byte-for-byte a serialized http(s) origin. The URL parser
 * accepts hosts such as `*.example.com`, but no page ever has that origin, so a
 * pattern in Access-Control-Allow-Origin can never match.
 */
export function isSerializedOrigin(value: string): boolean {
  if (!/^https?:\/\//.test(value) || originOf(value) !== value) return false;
  return REAL_HOST.test(new URL(value).hostname);
}

/** `value` without its trailing slashes; a scan, not `/\/+$/`, which is quadratic on a run of slashes. */
function withoutTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x2f) end -= 1;
  return value.slice(0, end);
}

/** Explains why `value` is not a serialized origin, for invalid-acao messages. */
export function describeOriginDefect(value: string): string {
  if (value.trim() === '') return 'it is empty';
  if (/[,\s]/.test(value.trim())) return 'it holds more than one value';
  const origin = originOf(value);
  if (!origin) return 'it is not a URL origin';
  const url = new URL(value);
  if (url.hostname.includes('*')) return 'it is a wildcard pattern, which browsers never match';
  if (value !== origin && value.toLowerCase() === origin) return 'its scheme or host is not lower-case';
  if (withoutTrailingSlashes(value) === origin) return 'it has a trailing slash';
  if (url.port === '' && /:\d+/.test(value.slice(url.protocol.length + 2))) return 'it names the default port';
  if (url.pathname !== '/' || url.search || url.hash) return 'it has a path, query or fragment';
  if (url.username || url.password) return 'it carries credentials';
  return 'it is not in serialized form';
}
