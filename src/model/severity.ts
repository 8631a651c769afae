/** Severities, lowest first. Lower-case and fixed: they appear in flags, reports and ignore files. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** `--fail-on` also accepts `none`, which disables the gate. */
export type FailOn = Severity | 'none';

/** Position of a severity in {@link SEVERITIES}; higher is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Moves a severity by `steps` levels, clamped to the scale. */
export function shiftSeverity(severity: Severity, steps: number): Severity {
  const index = Math.min(SEVERITIES.length - 1, Math.max(0, severityRank(severity) + steps));
  return SEVERITIES[index]!;
}

/** True when `severity` is at or above `threshold`; `none` never matches. */
export function atOrAbove(severity: Severity, threshold: FailOn): boolean {
  return threshold !== 'none' && severityRank(severity) >= severityRank(threshold);
}
