import type { RedactionPolicy } from '../../engine/redaction.js';
import type { Transport } from '../../http/transport.js';
import { compareFindings } from '../../engine/assemble-report.js';
import type { Finding } from '../../model/finding.js';
import { addToTotals, emptyTotals, jsonlTargetLine, type JsonlTotals } from '../../report/jsonl.js';
import type { OutputSpec } from '../options/formats.js';
import { RULES } from '../../rules/index.js';
import { GRACE_MS } from './interrupt.js';
import type { CliIO, OutStream } from '../io.js';
import type { ScanSettings } from '../options/options.js';
import { isInteractive, ProgressBar } from '../output/progress.js';
import { needsWholeReport } from '../output/report-pipeline.js';
import { ReportSpool } from '../output/report-spool.js';
import { RunTempDir } from '../output/run-temp-dir.js';
import type { PreparedScan } from './scan-prepare.js';
import { flappingNote, gateView, uncheckedNote } from '../output/target-note.js';
import { TOOL } from './version.js';
import { redirectsCutNote } from '../../report/redirect-note.js';
import { openLineSink, type LineSink } from '../output/write-report.js';

/** What a finished (or interrupted) scan leaves: the spooled report and the counts the gate and the notes need. */
export interface ExecutedScan {
  /** Every finished target and finding, on disk; the caller disposes of it. Absent when every output is streamed JSON Lines. */
  spool?: ReportSpool;
  /** The run's one temporary directory (the spool lives in it); the caller removes it once the report is written. */
  temp?: RunTempDir;
  /** `--format jsonl` outputs written as targets finish, and their open sinks (finished or aborted by the caller). */
  streamed: OutputSpec[];
  sinks: LineSink[];
  /** Running totals for the JSON Lines summary line. */
  totals: JsonlTotals;
  /** Per target, what the gate needs: its status and its `error` outcomes (see gateView). */
  statuses: ReturnType<typeof gateView>[];
  severities: Finding['severity'][];
  /** Per-target durations, kept only with --verbose (for its percentiles). */
  durations: number[];
  requests: number;
  startedAt: number;
  durationMs: number;
  /** SIGINT/SIGTERM stopped the run: some targets or probes were not sent. */
  interrupted: boolean;
  /** Why the run stopped by itself (too many open files): the exit-2 reason; the report is partial. */
  fault?: string;
  /** The --record file could not be finished (disk full): the run fails, the report is still written. */
  recordError?: NodeJS.ErrnoException;
  /**
   * Removes the SIGINT/SIGTERM handlers. The caller calls it only after the report is
   * written: a second signal while it is written must cut it short, not lose it.
   */
  removeHandlers: () => void;
}

/** The one line that says the run ran out of file descriptors, and what to do about it. */
export function tooManyOpenFiles(code: 'EMFILE' | 'ENFILE'): string {
  const whose = code === 'ENFILE' ? 'the system has' : 'corscan has';
  return `too many open files (${code}): ${whose} no file descriptor left for a connection, so the run stopped and the report is partial; raise the limit with ulimit -n or lower --concurrency`;
}

/** Writes a note on stderr unless --quiet, clearing the progress bar first; secrets are hidden there too. */
export function noteWriter(stream: OutStream, quiet: boolean, redaction: RedactionPolicy, bar?: ProgressBar): (text: string) => void {
  return (text) => {
    if (quiet) return;
    bar?.clear();
    stream.write(`corscan: ${redaction.text(text)}\n`);
  };
}

/**
 * Frees what an executed scan holds, once its report is written or it failed: the sinks still
 * open (never finished: their half-written files go), the signal handlers, the spool and the
 * run's temporary directory.
 */
export async function releaseScan(run: ExecutedScan): Promise<void> {
  for (const sink of run.sinks.splice(0)) await sink.abort();
  run.removeHandlers();
  run.spool?.dispose();
  run.temp?.remove();
}

/**
 * Stage 2: streams the targets through the engine; each finished target goes to a spool
 * on disk, so memory stays flat however long the list is. Shows progress and a note per
 * target that could not be checked; the first SIGINT/SIGTERM stops it (a partial report
 * follows), a second cuts the requests in flight. The source and the transport are closed
 * whatever happens; the signal handlers stay until the caller's `removeHandlers`.
 */
export async function executeScan(prepared: PreparedScan, settings: ScanSettings, io: CliIO): Promise<ExecutedScan> {
  const { scale } = settings;
  const { source, transport, interrupt, redaction } = prepared;
  const { scanStream } = await import('../../engine/stream.js');
  const bar = !scale.quiet && isInteractive(io.stderr, io.env) ? new ProgressBar(io.stderr, source.total) : undefined;
  const note = noteWriter(io.stderr, scale.quiet, redaction, bar);
  if (settings.harFiles.length > 0) {
    const { describeHarCounts } = await import('../inputs/har-file.js');
    for (const file of settings.harFiles) note(describeHarCounts(file));
  }
  const removeHandlers = io.onInterrupt?.((signal) => {
    note(
      interrupt.signal() === 'stopping'
        ? `${signal}: stopping; nothing new is sent, requests in flight get ${GRACE_MS / 1000} s, then a partial report is written (again to stop at once)`
        : `${signal}: stopping now; writing the partial report`,
    );
  });
  // The bar counts requests as they finish, not only when their target does.
  let liveRequests = 0;
  let fault: string | undefined;
  const counted: Transport = {
    send: async (spec) => {
      const exchange = await transport.send(spec);
      if (exchange.localFailure && fault === undefined) {
        // This machine ran out of file descriptors: the run's failure, not the targets'. The run
        // stops as on a first signal and writes the partial report, rather than lowering
        // --concurrency and retrying: the descriptors in use are not all ours to count (kept-alive
        // sockets, HTTP/2 sessions, the spool, other processes for ENFILE), so no lower figure is
        // known to be safe, and a run that quietly slows down hides a limit the user must fix.
        fault = tooManyOpenFiles(exchange.localFailure);
        note(`${fault}; stopping, nothing new is sent`);
        interrupt.halt();
      }
      if (bar && !exchange.notSent) bar.update({ requests: (liveRequests += 1) });
      return exchange;
    },
    close: () => transport.close(),
  };
  // JSON Lines go out as targets finish, unless the report must be finished whole first
  // (an ignore file, a baseline); the spool is only kept for the other formats.
  const streamed = needsWholeReport(prepared.inputs) ? [] : settings.outputs.filter((output) => output.format === 'jsonl');
  const sinks: LineSink[] = [];
  const temp = streamed.length === settings.outputs.length && !settings.poc ? undefined : new RunTempDir();
  const run: ExecutedScan = {
    ...(temp ? { temp, spool: new ReportSpool(temp) } : {}),
    streamed,
    sinks,
    totals: emptyTotals(),
    statuses: [],
    severities: [],
    durations: [],
    requests: 0,
    startedAt: Date.now(),
    durationMs: 0,
    interrupted: false,
    removeHandlers: () => {
      removeHandlers?.();
      interrupt.dispose();
    },
  };
  try {
    for (const output of streamed) sinks.push(await openLineSink(output.file, io));
    const summary = await scanStream(
      source.targets,
      {
        rules: RULES,
        headers: settings.headers,
        trustedOrigins: settings.trustedOrigins,
        failOn: settings.failOn,
        concurrency: settings.concurrency,
        secretHeaders: settings.secretHeaders,
        showSecrets: settings.showSecrets,
        redaction,
        tool: TOOL,
        maxHostErrors: scale.maxHostErrors,
        signal: interrupt.stop,
        unsafeMethods: settings.unsafeMethods,
        curl: { insecure: settings.insecure, resolve: settings.resolve.map((entry) => `${entry.host}:${entry.port}:${entry.address}`) },
      },
      counted,
      async ({ result, findings }, { durationMs }) => {
        run.spool?.add({ result, findings });
        addToTotals(run.totals, result, findings);
        // In report order, so a line is the same whether streamed or rendered from a whole report.
        if (sinks.length > 0) {
          const line = jsonlTargetLine(result, [...findings].sort(compareFindings));
          for (const sink of sinks) await sink.write(line);
        }
        run.statuses.push(gateView(result));
        for (const finding of findings) run.severities.push(finding.severity);
        run.requests += result.requests;
        if (scale.verbose) run.durations.push(durationMs);
        bar?.update({ done: run.statuses.length, targetRequests: run.requests, findings: run.severities.length });
        const flapping = flappingNote(result);
        if (flapping) note(flapping);
        const unchecked = uncheckedNote(result);
        if (unchecked) note(unchecked);
        const cut = redirectsCutNote(result);
        if (cut) note(`${result.url}: ${cut}`);
        else if (scale.verbose) {
          note(`${result.status} ${result.url} ${result.requests} requests ${Math.round(durationMs)} ms ${findings.length} findings`);
        }
      },
    );
    run.interrupted = summary.interrupted;
    if (fault !== undefined) run.fault = fault;
    run.durationMs = Date.now() - run.startedAt;
  } catch (error) {
    await releaseScan(run);
    throw error;
  } finally {
    source.close();
    bar?.stop();
    // A recording that cannot be finished (disk full) fails the run; the report is still written.
    const recordError = await transport.close().then(
      () => undefined,
      (error: unknown) => error as NodeJS.ErrnoException,
    );
    if (recordError) run.recordError = recordError;
  }
  if (run.recordError) note(`--record ${scale.record} could not be written (${run.recordError.code ?? run.recordError.message}); the run fails`);
  return run;
}
