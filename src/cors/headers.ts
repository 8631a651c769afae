/**
 * Fetch header-list primitives the CORS algorithms are written in. Pure; kept
 * here (not in observe/) so src/cors depends on nothing but the model.
 */

/** Values of every header line named `name` (case-insensitive), trimmed, in order. */
export function headerValues(headers: readonly [string, string][], name: string): string[] {
  const wanted = name.toLowerCase();
  const lines: string[] = [];
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) lines.push(value.trim());
  return lines;
}

/** Fetch "get": every line of the name joined with ", ", or null when there is none. */
export function getHeader(headers: readonly [string, string][], name: string): string | null {
  const lines = headerValues(headers, name);
  return lines.length === 0 ? null : lines.join(', ');
}

/**
 * Fetch "get, decode, and split": the combined value split on commas outside
 * quoted strings, HTTP tab-or-space trimmed from each value. Empty values are kept,
 * like the standard does; `#rule` parsing then ignores them.
 */
export function getDecodeSplit(headers: readonly [string, string][], name: string): string[] | null {
  const value = getHeader(headers, name);
  if (value === null) return null;
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i]!;
    if (quoted) {
      current += char;
      if (char === '\\' && i + 1 < value.length) current += value[++i]!;
      else if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
      current += char;
    } else if (char === ',') {
      values.push(current.replace(/^[\t ]+|[\t ]+$/g, ''));
      current = '';
    } else {
      current += char;
    }
  }
  values.push(current.replace(/^[\t ]+|[\t ]+$/g, ''));
  return values;
}

/** RFC 9110 token (`1*tchar`): what methods and header names must be. */
export const isToken = (value: string): boolean => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value);

/**
 * Fetch "extract header list values" for a `#token` header (ACAM, ACAH, ACEH):
 * null when absent, 'failure' when an item is not a token (a parse failure, which
 * fails the preflight), else the non-empty items. Empty list elements are allowed
 * by the `#` ABNF (RFC 9110 §5.6.1) and Chromium skips them too.
 */
export function extractTokenList(headers: readonly [string, string][], name: string): string[] | null | 'failure' {
  const values = getDecodeSplit(headers, name);
  if (values === null) return null;
  const items = values.filter((value) => value !== '');
  return items.every(isToken) ? items : 'failure';
}
