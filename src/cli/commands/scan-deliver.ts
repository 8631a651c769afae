import { EXIT_ERROR } from '../output/exit-code.js';
import type { CliIO } from '../io.js';
import type { ScanSettings } from '../options/options.js';
import { jsonlSummaryLine } from '../../report/jsonl.js';
import type { ExecutedScan } from './scan-execute.js';
import type { FinishedReport } from './scan-finish.js';
import { writeReport, writeWholeReport, type ReportTarget } from '../output/write-report.js';
import { summaryLine } from '../../report/table.js';

/**
 * Stage 4: finishes the streamed JSON Lines, writes every other requested output (when all go to files, a summary note says what
 * was found and where it went), then the PoC pages; returns the exit code.
 * A file that cannot be written after the scan (directory removed, disk full) must not
 * lose the report: that format goes to stdout instead, and the run exits 2.
 */
export async function deliverScan(
  finished: FinishedReport,
  exitCode: number,
  run: Pick<ExecutedScan, 'spool' | 'sinks' | 'streamed' | 'totals'>,
  settings: ScanSettings,
  io: CliIO,
  note: (text: string) => void,
): Promise<number> {
  // Without a spool every output was streamed JSON Lines, so `pending` is empty.
  const write = (target: ReportTarget) => (finished.kind === 'whole' ? writeWholeReport(finished.report, target, io) : writeReport(run.spool!, finished.head, target, io));
  let code = exitCode;
  // The streamed JSON Lines get their summary line, and their files move into place.
  for (const [index, sink] of run.sinks.splice(0).entries()) {
    try {
      await sink.finish(jsonlSummaryLine(finished.head, run.totals));
    } catch (error) {
      io.stderr.write(`corscan: ${run.streamed[index]!.file} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      code = EXIT_ERROR;
    }
  }
  const written: string[] = [];
  for (const output of finished.pending) {
    const target: ReportTarget = { format: output.format, ...(settings.color !== undefined ? { color: settings.color } : {}), render: finished.render };
    if (!output.file) {
      await write(target);
      continue;
    }
    try {
      await write({ ...target, output: output.file });
      written.push(`wrote ${output.format} report to ${output.file}`);
    } catch (error) {
      io.stderr.write(`corscan: ${output.file} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); the ${output.format} report follows on stdout\n`);
      await write(target);
      code = EXIT_ERROR;
    }
  }
  // Every report went to a file: stdout stays empty, so say what happened and where it is.
  if (settings.outputs.every((output) => output.file)) {
    note(summaryLine(finished.counts));
    for (const line of written) note(line);
  }
  if (settings.poc && finished.kind === 'whole') {
    const { writePocPages } = await import('../../poc/write.js');
    for (const line of await writePocPages(settings.poc, finished.report.findings)) note(line);
  }
  return code;
}
