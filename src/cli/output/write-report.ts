import { StringDecoder } from 'node:string_decoder';
import type { ScanReport } from '../../model/report.js';
import type { Format } from '../../report/index.js';
import { reporters, type ReporterOptions } from '../../report/index.js';
import { PIPED_COLUMNS } from '../../report/table.js';
import { useColor } from '../options/color.js';
import type { CliIO, OutStream } from '../io.js';
import type { ReportHead } from '../../engine/assemble-report.js';
import { openOutputFile, writeOutputFile } from './output-file.js';
import type { ReportSpool } from './report-spool.js';

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

/** A report written line by line as targets finish (`--format jsonl`). */
export interface LineSink {
  write(text: string): Promise<void>;
  /** Writes the last line and, for a file, moves it into place (see output-file.ts). */
  finish(last: string): Promise<void>;
  /** Drops a half-written file. */
  abort(): Promise<void>;
}

/** Opens a line sink on `output` (written the way every report file is) or on stdout. */
export async function openLineSink(output: string | undefined, io: CliIO): Promise<LineSink> {
  if (!output) {
    const write = streamWriter(io.stdout);
    return { write, finish: write, abort: async () => undefined };
  }
  const file = await openOutputFile(output);
  let done = false;
  return {
    write: (text) => file.write(text),
    finish: async (last) => {
      await file.write(last);
      done = true;
      await file.commit();
    },
    abort: async () => {
      if (!done) await file.discard();
      done = true;
    },
  };
}

/**
 * Writes a spooled report: JSON streams straight from the spool (flat memory for
 * any number of targets); other formats need the whole report and render it once.
 */
export async function writeReport(spool: ReportSpool, head: ReportHead, target: ReportTarget, io: CliIO): Promise<void> {
  if (target.format === 'json') {
    if (target.output) await writeOutputFile(target.output, (write) => spool.writeJson(head, write));
    else {
      // The CLI's streams take text; a chunk may end inside a UTF-8 sequence, which the decoder holds over.
      const decoder = new StringDecoder('utf8');
      const write = streamWriter(io.stdout);
      await spool.writeJson(head, (chunk) => write(decoder.write(chunk)));
    }
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
  if (target.output) await writeOutputFile(target.output, async (write) => write(text));
  else await streamWriter(io.stdout)(text);
}
