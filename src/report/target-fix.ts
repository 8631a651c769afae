import type { ChalkInstance } from 'chalk';
import { targetFix } from '../fix/target-policy.js';
import type { ScanReport, TargetResult } from '../model/report.js';

/** The table report's per-target "fixed configuration" block (`scan --framework NAME`). */
export function renderTargetFix(report: ScanReport, target: TargetResult, framework: string, c: ChalkInstance): string {
  const fix = targetFix(report, target, framework);
  const heading = c.bold(`  Fix for ${fix.label}:`);
  if (!fix.code) return `${heading} ${fix.note}`;
  return [heading, ...fix.code.trimEnd().split('\n').map((line) => `    ${line}`)].join('\n');
}
