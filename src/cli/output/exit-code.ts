import type { Finding } from '../../model/finding.js';
import type { RuleOutcome, ScanReport, TargetResult } from '../../model/report.js';
import { atOrAbove, type FailOn, type Severity } from '../../model/severity.js';

/** What the exit code depends on: a whole report, or the statuses a streamed scan kept. */
export type ExitCodeInput = Pick<ScanReport, 'interrupted' | 'shard'> & {
  /** `outcomes` may be left out, or hold only the `error` outcomes (a streamed scan keeps no more). */
  targets: readonly (Pick<TargetResult, 'status'> & { outcomes?: readonly Pick<RuleOutcome, 'ruleId' | 'status'>[] })[];
  findings: readonly Pick<Finding, 'severity' | 'suppressed' | 'baseline'>[];
};

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** What decides the exit code; `--min-severity` is deliberately not here (it only filters display). */
export interface GateOptions {
  failOn: FailOn;
  /** Gate only on findings the baseline did not have (`--fail-on-new`). */
  failOnNew?: boolean;
  /** A scan where some (not all) targets were unreachable may still pass (`--allow-unreachable`). */
  allowUnreachable?: boolean;
  /**
   * Each rule's severity (its `meta.severity`). With it, a rule at or above `failOn` that could
   * not judge a target it reached (outcome `error`: its probes failed, or it crashed) fails the
   * gate like an unreachable target: "no finding" from a rule that never looked is not a pass.
   */
  ruleSeverity?: Readonly<Record<string, Severity>>;
}

/**
 * 0: no finding at or above `failOn`; 1: at least one; 2: something could not be checked.
 * An execution failure outranks findings: a gate must not go green, or read as
 * "only findings", when a target could not be checked. With `allowUnreachable`, a
 * partial scan is judged on what it checked, but a scan that checked nothing still exits 2.
 * An interrupted scan always exits 2. Suppressed findings never gate. A gating rule whose
 * outcome is `error` on a target counts as unchecked too (see `ruleSeverity`).
 */
export function getExitCode(report: ExitCodeInput, options: GateOptions): 0 | 1 | 2 {
  return gateResult(report, options).code;
}

/** The exit code and, for 2, the one line that says why (printed even with `--quiet`). */
export function gateResult(report: ExitCodeInput, options: GateOptions): { code: 0 | 1 | 2; reason?: string } {
  if (report.interrupted) return { code: EXIT_ERROR, reason: 'the scan was interrupted; the report is partial' };
  // A shard may legitimately receive no target of a short list.
  if (report.targets.length === 0) return report.shard ? { code: EXIT_CLEAN } : { code: EXIT_ERROR, reason: 'no target was scanned' };
  // A skipped host (--max-host-errors) is as unchecked as an unreachable one.
  const unchecked = report.targets.filter((target) => target.status === 'unreachable' || target.status === 'skipped').length;
  if (unchecked === report.targets.length) return { code: EXIT_ERROR, reason: `no target could be checked (${unchecked} unreachable or skipped)` };
  if (unchecked > 0 && !options.allowUnreachable) {
    return { code: EXIT_ERROR, reason: `${unchecked} of ${report.targets.length} targets could not be checked (--allow-unreachable judges the rest)` };
  }
  const blind = options.allowUnreachable ? 0 : report.targets.filter((target) => blindGatingRule(target, options)).length;
  if (blind > 0) return { code: EXIT_ERROR, reason: `a rule at or above --fail-on could not judge ${blind} of ${report.targets.length} targets (--allow-unreachable judges the rest)` };
  const gated = report.findings.filter(
    (finding) => !finding.suppressed && (!options.failOnNew || finding.baseline !== 'unchanged') && atOrAbove(finding.severity, options.failOn),
  );
  return { code: gated.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN };
}

/** True when a rule at or above the gate has outcome `error` on a target that was reached. */
function blindGatingRule(target: ExitCodeInput['targets'][number], options: GateOptions): boolean {
  const severity = options.ruleSeverity;
  if (!severity || target.status === 'unreachable' || target.status === 'skipped') return false;
  return (target.outcomes ?? []).some((outcome) => {
    const ruleSeverity = severity[outcome.ruleId];
    return outcome.status === 'error' && ruleSeverity !== undefined && atOrAbove(ruleSeverity, options.failOn);
  });
}
