import type { TargetSpec } from '../../engine/scan.js';
import { EXIT_ERROR } from '../output/exit-code.js';
import type { CliIO } from '../io.js';
import type { ScanSettings } from '../options/options.js';
import { deliverScan } from './scan-deliver.js';
import { executeScan, noteWriter, releaseScan } from './scan-execute.js';
import { closingNotes, finishScan } from './scan-finish.js';
import { prepareScan } from './scan-prepare.js';

/**
 * `corscan scan` in four stages, each in its own module and testable alone:
 * prepare (inputs, targets, transport chain; every input and output problem before the
 * first request), execute (stream through the engine into a spool; SIGINT stops it),
 * finish (the report, whole or streamed, the exit code and warnings) and deliver
 * (outputs with the stdout fallback, PoC pages). Returns the exit code.
 */
export async function runScan(settings: ScanSettings, io: CliIO, targets?: readonly (string | TargetSpec)[]): Promise<number> {
  const prepared = await prepareScan(settings, io, targets);
  const run = await executeScan(prepared, settings, io);
  try {
    const note = noteWriter(io.stderr, settings.scale.quiet, prepared.redaction);
    const finished = finishScan(run, settings, prepared.inputs, new Date().toISOString().slice(0, 10));
    for (const line of finished.errors) io.stderr.write(`corscan: ${line}\n`);
    for (const warning of finished.warnings) io.stderr.write(`corscan: warning: ${warning}\n`);
    for (const line of finished.notes) note(line);
    if (!finished.report) return finished.exitCode;
    const delivered = await deliverScan(finished.report, finished.exitCode, run, settings, io, note);
    for (const line of closingNotes(run, settings, Math.round(process.resourceUsage().maxRSS / 1024))) note(line);
    // A second signal gives 130 even though the partial report was written; a lost recording fails the run.
    const exitCode = prepared.interrupt.exitCode ?? (run.recordError ? EXIT_ERROR : delivered);
    // --quiet drops the notes that explain an exit 2; one line still says why.
    if (settings.scale.quiet && exitCode === EXIT_ERROR && finished.reason) io.stderr.write(`corscan: exit 2: ${finished.reason}\n`);
    return exitCode;
  } finally {
    // Signals stay handled until the report is written: a second one must not lose it.
    await releaseScan(run);
  }
}
