import type { Finding } from '../model/finding.js';
import type { ScanReport, TargetResult } from '../model/report.js';

/**
 * JSON Lines (`--format jsonl`): one object per target with its findings, written
 * as each target finishes, then one summary object, so an audit can stream into a
 * log pipeline and memory never holds the whole report. Every line is one
 * complete JSON value; `type` tells the two kinds apart.
 */

/** The report without its two arrays: what the summary line carries besides counts. */
export type JsonlHead = Omit<ScanReport, 'targets' | 'findings'>;

/** Totals of a finished run, for the summary line. */
export interface JsonlTotals {
  targets: number;
  requests: number;
  findings: number;
  /** Targets per status (`scanned`, `partial`, `unreachable`, `skipped`). */
  statuses: Record<string, number>;
  /** Findings per severity. */
  severities: Record<string, number>;
}

/** One finished target and its findings. */
export function jsonlTargetLine(result: TargetResult, findings: readonly Finding[]): string {
  return `${JSON.stringify({ type: 'target', ...result, findings })}\n`;
}

/** The last line: the report's head and the run's totals. */
export function jsonlSummaryLine(head: JsonlHead, totals: JsonlTotals): string {
  return `${JSON.stringify({ type: 'summary', ...head, totals })}\n`;
}

/** Counts one target into running totals. */
export function addToTotals(totals: JsonlTotals, result: TargetResult, findings: readonly Finding[]): void {
  totals.targets += 1;
  totals.requests += result.requests;
  totals.findings += findings.length;
  totals.statuses[result.status] = (totals.statuses[result.status] ?? 0) + 1;
  for (const finding of findings) totals.severities[finding.severity] = (totals.severities[finding.severity] ?? 0) + 1;
}

export const emptyTotals = (): JsonlTotals => ({ targets: 0, requests: 0, findings: 0, statuses: {}, severities: {} });

/** A whole report as JSON Lines, targets in report order (used when the report had to be finished whole: ignores, baseline, merge). */
export function renderJsonl(report: ScanReport): string {
  const byTarget = new Map<string, Finding[]>();
  for (const finding of report.findings) byTarget.set(finding.target, [...(byTarget.get(finding.target) ?? []), finding]);
  const { targets, findings: _findings, ...head } = report;
  const totals = emptyTotals();
  let text = '';
  for (const result of targets) {
    const findings = byTarget.get(result.url) ?? [];
    addToTotals(totals, result, findings);
    text += jsonlTargetLine(result, findings);
  }
  return text + jsonlSummaryLine(head, totals);
}
