import type { Finding } from '../model/finding.js';
import type { TargetResult } from '../model/report.js';
import { severityRank } from '../model/severity.js';

/** Findings worst first; the report's own order (target, rule, message) breaks ties. */
export function worstFirst<T extends Pick<Finding, 'severity'>>(findings: readonly T[]): T[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => severityRank(b.finding.severity) - severityRank(a.finding.severity) || a.index - b.index)
    .map(({ finding }) => finding);
}

/** Targets worst first: by their worst finding, then those that could not be fully checked, then the report's order. */
export function targetsWorstFirst(targets: readonly TargetResult[], findings: readonly Pick<Finding, 'target' | 'severity'>[]): TargetResult[] {
  const worst = new Map<string, number>();
  for (const finding of findings) worst.set(finding.target, Math.max(worst.get(finding.target) ?? -1, severityRank(finding.severity)));
  const unchecked = (target: TargetResult) => (target.status === 'scanned' ? 0 : 1);
  return targets
    .map((target, index) => ({ target, index }))
    .sort((a, b) => (worst.get(b.target.url) ?? -1) - (worst.get(a.target.url) ?? -1) || unchecked(b.target) - unchecked(a.target) || a.index - b.index)
    .map(({ target }) => target);
}
