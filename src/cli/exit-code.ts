import type { ScanReport } from '../model/report.js';
import { atOrAbove, type FailOn } from '../model/severity.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/**
 * 0: no finding at or above `failOn`; 1: at least one; 2: nothing could be checked.
 * An execution failure outranks findings: a gate must not go green, or read as
 * "only findings", when a target could not be checked at all.
 */
export function getExitCode(report: ScanReport, options: { failOn: FailOn }): 0 | 1 | 2 {
  if (report.targets.length === 0 || report.targets.some((target) => target.status === 'unreachable')) return EXIT_ERROR;
  return report.findings.some((finding) => atOrAbove(finding.severity, options.failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
