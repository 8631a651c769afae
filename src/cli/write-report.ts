import { open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ScanReport } from '../model/report.js';
import type { Format } from '../report/index.js';
import { reporters, type ReporterOptions } from '../report/index.js';
import { PIPED_COLUMNS } from '../report/table.js';
import { useColor } from './color.js';
import type { CliIO, OutStream } from './io.js';
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

/** Writes `produce`'s chunks to `path` atomically: a temporary file, then rename. */
async function toFileAtomic(path: string, produce: (write: (chunk: string) => Promise<void>) => Promise<void>): Promise<void> {
  const target = resolve(path);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await produce(async (chunk) => {
      await handle.write(chunk);
    });
    await handle.close();
    await rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes a spooled report: JSON streams straight from the spool (flat memory for
 * any number of targets); other formats need the whole report and render it once.
 */
export async function writeReport(spool: ReportSpool, head: ReportHead, target: ReportTarget, io: CliIO): Promise<void> {
  if (target.format === 'json') {
    if (target.output) await toFileAtomic(target.output, (write) => spool.writeJson(head, write));
    else await spool.writeJson(head, streamWriter(io.stdout));
    return;
  }
  await writeWholeReport(spool.toReport(head), target, io);
}

/** Columns a report may use: the terminal's, else COLUMNS, else the piped default. */
export function reportColumns(stream: OutStream | undefined, env: NodeJS.ProcessEnv): number {
  if (stream?.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  const fromEnv = Number(env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : PIPED_COLUMNS;
}

/** Renders a report in memory with its reporter and writes it. */
export async function writeWholeReport(report: ScanReport, target: ReportTarget, io: CliIO): Promise<void> {
  const stream = target.output ? undefined : io.stdout;
  const text = reporters[target.format](report, {
    color: target.output ? false : useColor(target.color, io.env, stream?.isTTY),
    columns: reportColumns(stream, io.env),
    ...target.render,
  });
  if (target.output) await toFileAtomic(target.output, async (write) => write(text));
  else await streamWriter(io.stdout)(text);
}
