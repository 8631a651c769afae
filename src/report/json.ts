import type { ScanReport } from '../model/report.js';

/**
 * JSON.stringify escapes C0 controls but writes DEL and C1 controls (U+007F-U+009F,
 * e.g. U+009B, an 8-bit CSI a hostile server can put in a header) raw, and a report
 * printed on stdout reaches a terminal. Escaped as `\u009b` they are the same JSON
 * value and inert text. Only string contents can hold them, so the replacement is safe.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The report itself is the JSON contract (`schemaVersion` covers changes). */
export function renderJson(report: ScanReport): string {
  return `${jsonText(report, 2)}\n`;
}
