import type { Finding } from '../model/finding.js';
import type { ScanReport, TargetResult } from '../model/report.js';
import { atOrAbove, type FailOn } from '../model/severity.js';

/** What the exit code depends on: a whole report, or the statuses a streamed scan kept. */
export type ExitCodeInput = Pick<ScanReport, 'interrupted' | 'shard'> & {
  targets: readonly Pick<TargetResult, 'status'>[];
  findings: readonly Pick<Finding, 'severity'>[];
};

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/**
 * 0: no finding at or above `failOn`; 1: at least one; 2: nothing could be checked.
 * An execution failure outranks findings: a gate must not go green, or read as
 * "only findings", when a target could not be checked at all.
 */
export function getExitCode(report: ExitCodeInput, options: { failOn: FailOn }): 0 | 1 | 2 {
  // An interrupted scan or a skipped host did not check everything it was asked to.
  // A shard may legitimately receive no target of a short list.
  if (report.interrupted || (report.targets.length === 0 && !report.shard)) return EXIT_ERROR;
  if (report.targets.some((target) => target.status === 'unreachable' || target.status === 'skipped')) return EXIT_ERROR;
  return report.findings.some((finding) => atOrAbove(finding.severity, options.failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
