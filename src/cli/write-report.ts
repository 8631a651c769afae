import type { ScanReport } from '../model/report.js';
import type { Format } from '../report/index.js';
import { reporters, type ReporterOptions } from '../report/index.js';
import { useColor } from './color.js';
import type { CliIO, OutStream } from './io.js';
import { writeOutputFile } from './output-file.js';
import type { ReportSpool, ReportHead } from './report-spool.js';

/** Where and how a report goes. */
export interface ReportTarget {
  format: Format;
  output?: string;
  color?: boolean;
  /** Reporter settings besides colour and width (display filter, SARIF anchor, framework). */
  render?: Omit<ReporterOptions, 'color' | 'columns'>;
}

/** Writes to a stream and waits for 'drain' when it is full, so a huge report never piles up in memory. */
function streamWriter(stream: OutStream): (chunk: string) => Promise<void> {
  return async (chunk) => {
    const ok = stream.write(chunk);
    const emitter = stream as OutStream & { once?: (event: string, listener: () => void) => unknown };
    if (ok === false && typeof emitter.once === 'function') await new Promise<void>((done) => emitter.once!('drain', done));
  };
}

/**
 * Writes a spooled report: JSON streams straight from the spool (flat memory for
 * any number of targets); other formats need the whole report and render it once.
 */
export async function writeReport(spool: ReportSpool, head: ReportHead, target: ReportTarget, io: CliIO): Promise<void> {
  if (target.format === 'json') {
    if (target.output) await writeOutputFile(target.output, (write) => spool.writeJson(head, write));
    else await spool.writeJson(head, streamWriter(io.stdout));
    return;
  }
  await writeWholeReport(spool.toReport(head), target, io);
}

/** Renders a report in memory with its reporter and writes it. */
export async function writeWholeReport(report: ScanReport, target: ReportTarget, io: CliIO): Promise<void> {
  const stream = target.output ? undefined : io.stdout;
  const text = reporters[target.format](report, {
    color: target.output ? false : useColor(target.color, io.env, stream?.isTTY),
    ...(stream?.columns ? { columns: stream.columns } : {}),
    ...target.render,
  });
  if (target.output) await writeOutputFile(target.output, async (write) => write(text));
  else await streamWriter(io.stdout)(text);
}
