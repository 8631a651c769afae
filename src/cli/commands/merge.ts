import { assembleReport, reportHead } from '../../engine/assemble-report.js';
import { UsageError } from '../../model/errors.js';
import type { ScanReport } from '../../model/report.js';
import type { FailOn } from '../../model/severity.js';
import { EXIT_ERROR, gateResult } from '../output/exit-code.js';
import { gateOptions } from '../output/run-gate.js';
import { uncheckedNote } from '../output/target-note.js';
import { parseOutputs } from '../options/formats.js';
import type { CliIO } from '../io.js';
import { loadReport } from '../inputs/load-report.js';
import { checkWritable } from '../output/output.js';
import { writeWholeReport } from '../output/write-report.js';

export interface MergeOptions {
  /** `--format name[:file]` values, as `scan` takes them (default json on stdout). */
  format?: string[];
  output?: string;
  failOn: FailOn;
  /** `--allow-incomplete`: a merge that lacks shards of the run does not exit 2. */
  allowIncomplete?: boolean;
  /** `--allow-unreachable`: judge the targets that were checked, as `scan` does. */
  allowUnreachable?: boolean;
  color?: boolean;
}

/**
 * Combines shard reports into the report one unsharded run gives: targets and
 * findings are concatenated and sorted the same way, fingerprints are untouched.
 * Shards of different rule sets or a target in two shards are refused: the merge
 * would then not be one run.
 */
export function mergeReports(reports: readonly ScanReport[]): ScanReport {
  const [first] = reports;
  if (!first) throw new UsageError('merge needs at least one report');
  const rules = first.options.rules.join(',');
  for (const report of reports) {
    if (report.options.rules.join(',') !== rules) throw new UsageError('the reports were made with different rule sets; merge shards of one run');
  }
  const seen = new Set<string>();
  for (const target of reports.flatMap((report) => report.targets)) {
    if (seen.has(target.url)) throw new UsageError(`${target.url} is in two reports; merge distinct shards (--shard i/n) of one run`);
    seen.add(target.url);
  }
  const starts = reports.map((report) => Date.parse(report.startedAt));
  const ends = reports.map((report, index) => starts[index]! + report.durationMs);
  const start = Math.min(...starts);
  // A merge of every shard of a run is a whole run; missing shards stay visible.
  const counts = new Set(reports.map((report) => report.shard?.count));
  const indexes = new Set(reports.map((report) => report.shard?.index));
  const count = first.shard?.count;
  const head = reportHead({
    tool: first.tool,
    startedAt: start,
    durationMs: Math.max(...ends) - start,
    options: first.options,
    interrupted: reports.some((report) => report.interrupted),
    ...(count !== undefined && (counts.size !== 1 || indexes.size !== count) ? { shard: { index: 0, count } } : {}),
  });
  return assembleReport(
    head,
    reports.flatMap((report) => report.targets),
    reports.flatMap((report) => report.findings),
  );
}

/** `corscan merge a.json b.json ...`: writes the merged report and returns the exit code. */
export async function runMerge(files: readonly string[], options: MergeOptions, io: CliIO): Promise<number> {
  if (files.length === 0) throw new UsageError('merge needs report files: corscan merge shard-1.json shard-2.json ...');
  const outputs = parseOutputs(options.format?.length ? options.format : ['json'], options.output);
  for (const output of outputs) if (output.file) await checkWritable(output.file, files);
  const merged = mergeReports(await Promise.all(files.map((file) => loadReport(file, 'merge input'))));
  for (const output of outputs) {
    await writeWholeReport(merged, { format: output.format, ...(output.file ? { output: output.file } : {}), ...(options.color !== undefined ? { color: options.color } : {}) }, io);
  }
  // A merge that lacks shards is not the run's report: a gate on it would pass on what was never merged.
  if (merged.shard && !options.allowIncomplete) {
    io.stderr.write(`corscan: not every shard of ${merged.shard.count} is present; the merged report is incomplete (exit 2; --allow-incomplete to accept it)\n`);
    return EXIT_ERROR;
  }
  if (merged.shard) io.stderr.write(`corscan: warning: not every shard of ${merged.shard.count} is present; the merged report is incomplete\n`);
  // The shards' scans printed these notes on their own machines; the merge's log must say them again.
  for (const target of merged.targets) {
    const note = uncheckedNote(target);
    if (note) io.stderr.write(`corscan: ${note}\n`);
  }
  const { code, reason } = gateResult(merged, gateOptions({ failOn: options.failOn, allowUnreachable: options.allowUnreachable ?? false }));
  if (reason) io.stderr.write(`corscan: exit 2: ${reason}\n`);
  return code;
}
