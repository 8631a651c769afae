import { reportHead, type ReportHead } from '../../engine/assemble-report.js';
import { engineReportOptions } from '../../engine/scan.js';
import type { ScanReport } from '../../model/report.js';
import { RULES } from '../../rules/index.js';
import { runCounts, type RunCounts } from '../../report/table.js';
import { EXIT_ERROR, gateResult } from '../output/exit-code.js';
import type { OutputSpec } from '../options/formats.js';
import type { ScanSettings } from '../options/options.js';
import { gateOptions } from '../output/run-gate.js';
import { finishReport, needsWholeReport, reportOptions, sarifAnchor, type ReportInputs } from '../output/report-pipeline.js';
import type { ExecutedScan } from './scan-execute.js';
import { TOOL } from './version.js';
import type { ReportTarget } from '../output/write-report.js';

/** The report, ready to be written: whole in memory, or streamed from the spool (JSON only). */
export type FinishedReport = (
  | { kind: 'whole'; report: ScanReport; render: NonNullable<ReportTarget['render']> }
  | { kind: 'streamed'; render: NonNullable<ReportTarget['render']> }
) & {
  /** The report's head: the streamed JSON's, and the JSON Lines summary line's. */
  head: ReportHead;
  /** Outputs still to write (the JSON Lines ones already streamed are not among them). */
  pending: OutputSpec[];
  /** The run's counts, for the summary line when every report goes to a file. */
  counts: RunCounts;
};

/** What the run comes to before anything is written. */
export interface FinishedScan {
  exitCode: number;
  /** Why the gate gives exit 2; printed with --quiet, which drops the notes that explain it. */
  reason?: string;
  /** Absent when there is nothing to write (nothing was scanned). */
  report?: FinishedReport;
  /** `corscan: warning: ...` lines (expired ignore entries), printed even with --quiet. */
  warnings: string[];
  /** `corscan: ...` lines, dropped with --quiet. */
  notes: string[];
  /** `corscan: ...` lines that say why the run exits 2 without a report: printed even with --quiet. */
  errors: string[];
}

/**
 * Stage 3: decides the report and the exit code. Ignore files, baselines, PoC pages and
 * the human formats need the whole report, which is read back from the spool; a JSON-only
 * run without them streams straight from the spool (JSON Lines were streamed while the
 * scan ran) and is gated on the counts alone.
 * Pure apart from reading the spool; `today` dates ignore-entry expiry.
 */
export function finishScan(run: ExecutedScan, settings: ScanSettings, inputs: ReportInputs, today: string): FinishedScan {
  const { scale } = settings;
  if (run.statuses.length === 0 && !scale.shard && !run.interrupted) {
    // A gate that checked nothing must not pass (an empty shard is a legitimate share of a run).
    return { exitCode: EXIT_ERROR, warnings: [], notes: [], errors: [settings.targetFiles.length > 0 ? 'the targets file lists no URL' : 'no target to scan'] };
  }
  const head = reportHead({
    tool: TOOL,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    options: reportOptions(engineReportOptions({ failOn: settings.failOn, rules: RULES, trustedOrigins: settings.trustedOrigins }), settings),
    interrupted: run.interrupted,
    ...(scale.shard ? { shard: scale.shard } : {}),
  });
  const render: NonNullable<ReportTarget['render']> = {
    ...(settings.minSeverity ? { minSeverity: settings.minSeverity } : {}),
    ...(settings.framework ? { framework: settings.framework } : {}),
    ...(scale.verbose ? { verbose: true } : {}),
    ...(settings.sarifCategory ? { sarifCategory: settings.sarifCategory } : {}),
  };
  // A partial target fails the gate when a rule that could reach --fail-on was not judged on it.
  const gate = gateOptions({ failOn: settings.failOn, failOnNew: settings.failOnNew, allowUnreachable: settings.allowUnreachable });
  const pending = settings.outputs.filter((output) => !run.streamed.includes(output));
  if (run.spool && (needsWholeReport(inputs) || settings.poc || pending.some((output) => output.format !== 'json'))) {
    const { report, warnings } = finishReport(run.spool.toReport(head), settings, inputs, today);
    const anchor = sarifAnchor(inputs, report.targets.map((target) => target.url));
    if (anchor) render.sarifLocation = anchor;
    const { code, reason } = gateResult(report, gate);
    return { exitCode: code, ...reasonOf(run, reason), report: { kind: 'whole', report, render, head, pending, counts: runCounts(report) }, warnings, notes: [], errors: [] };
  }
  const findings = run.severities.map((severity) => ({ severity }));
  const { code, reason } = gateResult({ ...head, targets: run.statuses, findings }, gate);
  const counts: RunCounts = {
    targets: run.statuses.length,
    unreachable: run.statuses.filter((target) => target.status === 'unreachable').length,
    requests: run.requests,
    durationMs: head.durationMs,
    findings,
  };
  return { exitCode: code, ...reasonOf(run, reason), report: { kind: 'streamed', head, render, pending, counts }, warnings: [], notes: [], errors: [] };
}

/** The exit-2 reason: the run's own failure (too many open files) outranks the gate's "interrupted". */
function reasonOf(run: ExecutedScan, reason: string | undefined): { reason?: string } {
  const why = run.fault ?? reason;
  return why ? { reason: why } : {};
}

/** Notes after the report is written: the --verbose summary, and that the report is partial. */
export function closingNotes(run: ExecutedScan, settings: ScanSettings, peakRssMb: number): string[] {
  const notes: string[] = [];
  if (settings.scale.verbose) {
    const seconds = run.durationMs / 1000;
    const sorted = [...run.durations].sort((a, b) => a - b);
    const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
    notes.push(
      `${run.statuses.length} targets, ${run.requests} requests in ${seconds.toFixed(2)} s ` +
        `(${Math.round(run.statuses.length / seconds)} targets/s, ${Math.round(run.requests / seconds)} requests/s; ` +
        `per target p50 ${pct(50)} ms, p95 ${pct(95)} ms; peak RSS ${peakRssMb} MB)`,
    );
  }
  if (run.interrupted) notes.push(`${run.fault ? 'stopped (too many open files)' : 'interrupted'} after ${run.statuses.length} targets; the report is partial ("interrupted": true)`);
  return notes;
}
