/**
 * C0 and C1 control characters other than tab and newline. A hostile server can put
 * U+009B (an 8-bit CSI) or similar into a header value as valid UTF-8 obs-text; echoed
 * raw into a terminal it could move the cursor, recolour or rewrite the report.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replaces control characters with visible `\uXXXX` escapes. */
export function terminalSafeText(text: string): string {
  // Most text has no control character: testing first avoids a copy of each string.
  CONTROLS.lastIndex = 0;
  if (!CONTROLS.test(text)) return text;
  CONTROLS.lastIndex = 0;
  return text.replace(CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Deep copy with every string made terminal-safe, for reporters whose output is read on a terminal. */
export function terminalSafe<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return terminalSafeText(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) copy[key] = walk(item);
      return copy;
    }
    return node;
  };
  return walk(value) as T;
}
