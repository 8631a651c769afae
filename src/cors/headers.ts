/**
 * Fetch header-list primitives the CORS algorithms are written in. Pure; kept
 * here (not in observe/) so src/cors depends on nothing but the model.
 */

const isTabOrSpace = (code: number): boolean => code === 0x09 || code === 0x20;

/**
 * Removes leading and trailing HTTP tab-or-space bytes (Fetch "normalize" and
 * "get, decode, and split"). An index scan, linear in the length: the regex
 * `/^[\t ]+|[\t ]+$/` retries its second branch from every position of a long
 * whitespace run inside a value, which made one 20 KB header cost a minute.
 */
export function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isTabOrSpace(value.charCodeAt(start))) start += 1;
  while (end > start && isTabOrSpace(value.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** The response headers a CORS verdict reads (Fetch "CORS check", "CORS-preflight fetch"), lower case. */
export const CORS_RESPONSE_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
] as const;

/** Values of every header line named `name` (case-insensitive), trimmed, in order. */
export function headerValues(headers: readonly [string, string][], name: string): string[] {
  const wanted = name.toLowerCase();
  const lines: string[] = [];
  // Same length first: lower-casing never makes a different-length name equal an ASCII one.
  for (const [key, value] of headers) if (key.length === wanted.length && key.toLowerCase() === wanted) lines.push(trimHttpWhitespace(value));
  return lines;
}

/** Fetch "get": every line of the name joined with ", ", or null when there is none. */
export function getHeader(headers: readonly [string, string][], name: string): string | null {
  const lines = headerValues(headers, name);
  return lines.length === 0 ? null : lines.join(', ');
}

/**
 * Fetch "get, decode, and split" on a combined value, minus the empty values that
 * `#rule` parsing ignores anyway: split on commas outside quoted strings, HTTP
 * tab-or-space trimmed from each value, in one pass. Dropping empties while
 * scanning keeps a run of a million commas a scan, not a million-element array.
 */
function splitNonEmpty(value: string): string[] {
  const values: string[] = [];
  const add = (piece: string) => {
    const trimmed = trimHttpWhitespace(piece);
    if (trimmed !== '') values.push(trimmed);
  };
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (quoted) {
      if (code === 0x5c) i += 1; // backslash: the next character is escaped
      else if (code === 0x22) quoted = false;
    } else if (code === 0x22) {
      quoted = true;
    } else if (code === 0x2c) {
      add(value.slice(start, i));
      start = i + 1;
    }
  }
  add(value.slice(start));
  return values;
}

/**
 * The non-empty items of a `#rule` list header (RFC 9110 §5.6.1); [] when the
 * header is absent. What the CORS view keeps of Access-Control-Allow-Methods/-Headers,
 * -Expose-Headers and Vary.
 */
export function listItems(headers: readonly [string, string][], name: string): string[] {
  return listItemsOfLines(headerValues(headers, name));
}

/** {@link listItems} on the header's lines (from {@link headerValues}): Fetch "get" joins them with ", " first. */
export function listItemsOfLines(lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : splitNonEmpty(lines.join(', '));
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
  const value = getHeader(headers, name);
  if (value === null) return null;
  const items = splitNonEmpty(value);
  return items.every(isToken) ? items : 'failure';
}
