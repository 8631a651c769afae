import { readFile } from 'node:fs/promises';
import { UsageError } from '../model/errors.js';
import type { ScanReport } from '../model/report.js';

/** Reads a JSON report written by `corscan scan --format json` (a baseline or a diff input). */
export async function loadReport(path: string, what: string): Promise<ScanReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let report: Partial<ScanReport>;
  try {
    report = JSON.parse(text) as Partial<ScanReport>;
  } catch {
    throw new UsageError(`${what} ${path} is not JSON (write it with --format json)`);
  }
  if (report?.schemaVersion !== 1 || !Array.isArray(report.findings) || !Array.isArray(report.targets)) {
    throw new UsageError(`${what} ${path} is not a corscan JSON report with schemaVersion 1`);
  }
  return report as ScanReport;
}
