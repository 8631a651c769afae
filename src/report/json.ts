import type { ScanReport } from '../model/report.js';

/** The report itself is the JSON contract (`schemaVersion` covers changes). */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
