import type { Finding } from '../model/finding.js';
import type { BaselineSummary, ScanReport } from '../model/report.js';

/** Result of comparing two sets of findings by fingerprint. */
export interface FindingDiff {
  new: Finding[];
  unchanged: Finding[];
  fixed: Finding[];
}

/**
 * Classifies findings by fingerprint. Suppressed findings of the old report do not
 * count as known: when their ignore entry expires, they show up as new.
 */
export function diffFindings(oldFindings: readonly Finding[], newFindings: readonly Finding[]): FindingDiff {
  const known = new Set(oldFindings.filter((finding) => !finding.suppressed).map((finding) => finding.fingerprint));
  const current = new Set(newFindings.filter((finding) => !finding.suppressed).map((finding) => finding.fingerprint));
  const active = newFindings.filter((finding) => !finding.suppressed);
  return {
    new: active.filter((finding) => !known.has(finding.fingerprint)),
    unchanged: active.filter((finding) => known.has(finding.fingerprint)),
    fixed: oldFindings.filter((finding) => !finding.suppressed && !current.has(finding.fingerprint)),
  };
}

/** Marks each finding `new` or `unchanged` against a previous report and lists the fixed ones. */
export function applyBaseline(report: ScanReport, previous: ScanReport, file: string): ScanReport {
  const diff = diffFindings(previous.findings, report.findings);
  const known = new Set(diff.unchanged.map((finding) => finding.fingerprint));
  const findings = report.findings.map((finding): Finding => ({ ...finding, baseline: known.has(finding.fingerprint) && !finding.suppressed ? 'unchanged' : 'new' }));
  const baseline: BaselineSummary = { file, new: diff.new.length, unchanged: diff.unchanged.length, fixed: diff.fixed.map(stripBaseline) };
  return { ...report, findings, baseline };
}

function stripBaseline(finding: Finding): Finding {
  const { baseline: _baseline, ...rest } = finding;
  return rest;
}
