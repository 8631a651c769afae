import type { ScanReport } from '../../model/report.js';
import { readJsonInput } from './input-file.js';

/** Reads a JSON report written by `corscan scan --format json` (a baseline, a diff or merge input), validated against the report schema. */
export function loadReport(path: string, what: string): Promise<ScanReport> {
  return readJsonInput<ScanReport>(path, what, 'report');
}
