import { REDACTED, SECRET_HEADERS } from './redact.js';

/** Shorter fragments are not scrubbed on their own: "Bearer" or "1" would blank out ordinary text. */
const MIN_FRAGMENT = 8;

/**
 * The strings to hide for the secret headers among `headers`: each whole value and its
 * long fragments (the token after `Bearer`, a cookie's value), since a server or an
 * error message may echo just a part. JSON-escaped forms are included for raw JSON text.
 */
export function secretValues(headers: Record<string, string>, extraSecretNames: readonly string[] = []): string[] {
  const names = new Set([...SECRET_HEADERS, ...extraSecretNames.map((name) => name.toLowerCase())]);
  const values = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (!names.has(name.toLowerCase()) || value === '') continue;
    for (const piece of [value, ...value.split(/[\s;,=]+/).filter((part) => part.length >= MIN_FRAGMENT)]) {
      values.add(piece);
      values.add(JSON.stringify(piece).slice(1, -1));
    }
  }
  // Longest first, so a whole value is replaced before its fragments.
  return [...values].filter((value) => value.length > 0).sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every secret value in `text`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * Deep copy of `value` with secrets scrubbed from every string (keys included):
 * the last line of defence for anything a server or an error echoed back, applied
 * to the report before any reporter renders (and perhaps wraps) it.
 */
export function scrubDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return scrubText(node, secrets);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, item]) => [scrubText(key, secrets), walk(item)]));
    return node;
  };
  return walk(value) as T;
}
