import type { Finding } from '../model/finding.js';
import { reportSchemaUrl, type ReportOptions, type ScanReport, type TargetResult } from '../model/report.js';
import { severityRank } from '../model/severity.js';

/** The report without its two big arrays: what a streamed run knows before the targets are written. */
export type ReportHead = Omit<ScanReport, 'targets' | 'findings'>;

/** What a finding is sorted by (the spool keeps only this much of each finding in memory). */
export type FindingSortKey = Pick<Finding, 'target' | 'severity' | 'ruleId' | 'message' | 'fingerprint'>;

/**
 * Deterministic order of findings: target, severity (worst first), rule id, message,
 * fingerprint. The message comes before the fingerprint so the order does not depend on
 * the host name or port (which the fingerprint hashes): reports of staging and production
 * line up. The only finding comparator: scan(), the spool and merge all sort with it.
 */
export function compareFindings(a: FindingSortKey, b: FindingSortKey): number {
  return (
    a.target.localeCompare(b.target) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

/** Targets by URL. */
export function compareTargets(a: Pick<TargetResult, 'url'>, b: Pick<TargetResult, 'url'>): number {
  return compareTargetUrls(a.url, b.url);
}

/** The same order on bare URLs (the report spool keeps URLs, not target objects). */
export function compareTargetUrls(a: string, b: string): number {
  return a.localeCompare(b);
}

/** The head of a report: schema URL and version, tool, timing, options, and the markers of an incomplete run. */
export function reportHead(run: {
  tool: { name: string; version: string };
  startedAt: number;
  durationMs: number;
  options: ReportOptions;
  interrupted?: boolean;
  shard?: { index: number; count: number };
}): ReportHead {
  return {
    $schema: reportSchemaUrl(run.tool),
    schemaVersion: 1,
    tool: run.tool,
    startedAt: new Date(run.startedAt).toISOString(),
    durationMs: run.durationMs,
    options: run.options,
    ...(run.interrupted ? { interrupted: true } : {}),
    ...(run.shard ? { shard: run.shard } : {}),
  };
}

/** A whole report from its head, targets and findings, sorted as every report is. */
export function assembleReport(head: ReportHead, targets: readonly TargetResult[], findings: readonly Finding[]): ScanReport {
  return { ...head, targets: [...targets].sort(compareTargets), findings: [...findings].sort(compareFindings) };
}
