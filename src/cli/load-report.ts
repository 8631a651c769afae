import { readFile } from 'node:fs/promises';
import { UsageError } from '../model/errors.js';
import type { ScanReport } from '../model/report.js';

/**
 * Reads a JSON report written by `corscan scan --format json`: the one loader behind
 * --baseline, diff, merge and policy --from-report. Every failure is one UsageError
 * naming what the file was for, the file, and the reason.
 */
export async function loadReport(path: string, what: string): Promise<ScanReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${path} cannot be read as a JSON report (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const fail = (reason: string) => new UsageError(`${what} ${path} is not a corscan JSON report (${reason}; write one with corscan scan --format json)`);
  let report: Partial<ScanReport>;
  try {
    report = JSON.parse(text) as Partial<ScanReport>;
  } catch {
    throw fail('not JSON');
  }
  if (report?.schemaVersion !== 1 || !Array.isArray(report.findings) || !Array.isArray(report.targets)) {
    throw fail('schemaVersion 1 with targets and findings expected');
  }
  return report as ScanReport;
}
