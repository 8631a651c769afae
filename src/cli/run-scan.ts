import type { Finding } from '../model/finding.js';
import { reportSchemaUrl, type ScanReport } from '../model/report.js';
import { compareFindings, type TargetSpec } from '../engine/scan.js';
import type { Recording } from '../http/recording.js';
import type { Transport } from '../http/transport.js';
import { RedactionPolicy } from '../engine/redaction.js';
import { RULES } from '../rules/index.js';
import { EXIT_ERROR, gateResult } from './exit-code.js';
import type { CliIO, OutStream } from './io.js';
import type { ScanSettings } from './options.js';
import { checkWritable } from './output.js';
import { GRACE_MS, Interrupt } from './interrupt.js';
import { isInteractive, ProgressBar } from './progress.js';
import { finishReport, needsWholeReport, prepareReportInputs, reportOptions, sarifAnchor } from './report-pipeline.js';
import { ReportSpool, type ReportHead } from './report-spool.js';
import { fixedTargets, openTargets } from './target-source.js';
import { gateView, uncheckedNote } from './target-note.js';
import { openLineSink, writeReport, writeWholeReport, type LineSink, type ReportTarget } from './write-report.js';
import { addToTotals, emptyTotals, jsonlSummaryLine, jsonlTargetLine } from '../report/jsonl.js';
import { TOOL, USER_AGENT } from './version.js';
import { runCounts, summaryLine, type RunCounts } from '../report/table.js';

/**
 * Builds the transport chain, innermost first: the network (or a recording), the
 * per-host rate limit, retries of failed connections (each retry is rate limited
 * too), redirect following, the recorder, and the stop switch for SIGINT.
 */
async function buildTransport(settings: ScanSettings, userHeaders: string[], interrupt: Interrupt, redaction: RedactionPolicy): Promise<Transport> {
  const { scale } = settings;
  let transport: Transport;
  if (scale.replay) {
    // A recording already holds each exchange with its redirect hops.
    const [{ ReplayTransport }, { readJsonInput }] = await Promise.all([import('../http/replay-transport.js'), import('./input-file.js')]);
    const recording = await readJsonInput<Recording>(scale.replay, '--replay', 'recording');
    transport = new ReplayTransport(recording, scale.replay, (url) => redaction.text(url));
  } else {
    // undici is the heaviest import (~60 ms); --help and --version never pay for it.
    const { UndiciTransport } = await import('../http/undici-transport.js');
    transport = new UndiciTransport({
      timeoutMs: settings.timeoutMs,
      perHostConnections: settings.perHost,
      maxPerHostConnections: settings.maxPerHost,
      insecure: settings.insecure,
      resolve: settings.resolve,
      userAgent: USER_AGENT,
      stop: interrupt.stop,
      cutoff: interrupt.cutoff,
    });
    if (scale.rateLimit !== undefined) {
      const { RateLimitTransport } = await import('../http/rate-limit-transport.js');
      transport = new RateLimitTransport(transport, scale.rateLimit, interrupt.stop);
    }
    if (scale.retries > 0) {
      const { RetryTransport } = await import('../http/retry-transport.js');
      transport = new RetryTransport(transport, { retries: scale.retries });
    }
    // Redirects are followed hop by hop and recorded (browsers CORS-check every hop);
    // the user's headers are never carried to another origin.
    const { RedirectTransport } = await import('../http/redirect-transport.js');
    transport = new RedirectTransport(transport, { userHeaders });
  }
  if (scale.record) {
    const [{ RecordTransport }, { openOutputFile }] = await Promise.all([import('../http/record-transport.js'), import('./output-file.js')]);
    transport = new RecordTransport(transport, { sink: await openOutputFile(scale.record), tool: TOOL, sanitise: (exchange) => redaction.exchange(exchange) });
  }
  const { StopTransport } = await import('../http/stop-transport.js');
  return new StopTransport(transport, interrupt.stop);
}

/** Writes a note on stderr unless --quiet, clearing the progress bar first; secrets are hidden there too. */
function notes(stream: OutStream, quiet: boolean, redaction: RedactionPolicy, bar?: ProgressBar) {
  return (text: string) => {
    if (quiet) return;
    bar?.clear();
    stream.write(`corscan: ${redaction.text(text)}\n`);
  };
}

/** Config-file targets carry their own headers, trusted origins and expected policy. */
async function* withSpecs(urls: AsyncIterable<string | TargetSpec> | Iterable<string | TargetSpec>, specs: ScanSettings['targetSpecs']) {
  for await (const target of urls) yield typeof target === 'string' ? (specs.get(target) ?? target) : target;
}

/**
 * Scans, renders and writes the report; returns the exit code. Targets stream
 * through the engine and finished targets go to a spool on disk, so memory stays
 * flat however long the list is; JSON streams out of the spool. Ignore files,
 * baselines and the human formats need the whole report and read it back.
 */
export async function runScan(settings: ScanSettings, io: CliIO, targets?: readonly (string | TargetSpec)[]): Promise<number> {
  const { scale } = settings;
  // Every problem with inputs and outputs is found before the first request is sent.
  const files = settings.outputs.flatMap((output) => (output.file ? [output.file] : []));
  for (const file of files) await checkWritable(file, settings.inputFiles);
  if (scale.record) await checkWritable(scale.record, [...settings.inputFiles, ...files]);
  const inputs = await prepareReportInputs(settings);
  const source = targets
    ? fixedTargets(targets)
    : await openTargets({
        urls: settings.targets,
        files: settings.targetFiles,
        extra: scale.openapiTargets,
        ...(scale.shard ? { shard: scale.shard } : {}),
        ...(io.stdinStream ? { stdin: io.stdinStream } : {}),
      });
  const { scanStream } = await import('../engine/stream.js');

  const specHeaders = [...settings.targetSpecs.values(), ...(targets ?? [])].flatMap((target) => (typeof target === 'string' ? [] : Object.keys(target.headers ?? {})));
  const specHeaderSets = [...settings.targetSpecs.values(), ...(targets ?? [])].flatMap((target) => (typeof target === 'string' || !target.headers ? [] : [target.headers]));
  // One redaction policy for every output of the run: reports, recordings, replays, PoC pages, notes.
  const redaction = new RedactionPolicy({ showSecrets: settings.showSecrets, secretHeaders: settings.secretHeaders, headers: [settings.headers, ...specHeaderSets] });
  const interrupt = new Interrupt();
  const transport = await buildTransport(settings, [...Object.keys(settings.headers), ...specHeaders], interrupt, redaction);
  const bar = !scale.quiet && isInteractive(io.stderr, io.env) ? new ProgressBar(io.stderr, source.total) : undefined;
  const note = notes(io.stderr, scale.quiet, redaction, bar);
  if (settings.harFiles.length > 0) {
    const { describeHarCounts } = await import('./har-file.js');
    for (const file of settings.harFiles) note(describeHarCounts(file));
  }
  const removeHandlers = io.onInterrupt?.((signal) => {
    note(
      interrupt.signal() === 'stopping'
        ? `${signal}: stopping; nothing new is sent, requests in flight get ${GRACE_MS / 1000} s, then a partial report is written (again to stop at once)`
        : `${signal}: stopping now; writing the partial report`,
    );
  });

  // JSON Lines go out as targets finish, unless the report must be finished whole first
  // (an ignore file, a baseline); the spool is only kept for the other formats.
  const streamed = needsWholeReport(inputs) ? [] : settings.outputs.filter((output) => output.format === 'jsonl');
  const sinks: LineSink[] = [];
  for (const output of streamed) sinks.push(await openLineSink(output.file, io));
  const totals = emptyTotals();
  const spool = streamed.length === settings.outputs.length && !settings.poc ? undefined : new ReportSpool();
  const statuses: ReturnType<typeof gateView>[] = [];
  const severities: Finding['severity'][] = [];
  const durations: number[] = [];
  let requests = 0;
  // The bar counts requests as they finish, not only when their target does.
  let liveRequests = 0;
  const counted: Transport = bar
    ? {
        send: async (spec) => {
          const exchange = await transport.send(spec);
          if (!exchange.notSent) bar.update({ requests: (liveRequests += 1) });
          return exchange;
        },
        close: () => transport.close(),
      }
    : transport;
  const started = Date.now();
  try {
    let interrupted = false;
    let recordError: NodeJS.ErrnoException | undefined;
    try {
      const summary = await scanStream(
        withSpecs(source.targets, settings.targetSpecs),
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
          spool?.add({ result, findings });
          addToTotals(totals, result, findings);
          // In report order, so a line is the same whether streamed or rendered from a whole report.
          if (sinks.length > 0) {
            const line = jsonlTargetLine(result, [...findings].sort(compareFindings));
            for (const sink of sinks) await sink.write(line);
          }
          statuses.push(gateView(result));
          for (const finding of findings) severities.push(finding.severity);
          requests += result.requests;
          if (scale.verbose) durations.push(durationMs);
          bar?.update({ done: statuses.length, targetRequests: requests, findings: severities.length });
          const unchecked = uncheckedNote(result);
          if (unchecked) note(unchecked);
          else if (scale.verbose) {
            note(`${result.status} ${result.url} ${result.requests} requests ${Math.round(durationMs)} ms ${findings.length} findings`);
          }
        },
      );
      interrupted = summary.interrupted;
    } finally {
      source.close();
      bar?.stop();
      // A recording that cannot be finished (disk full) fails the run; the report is still written.
      recordError = await transport.close().then(
        () => undefined,
        (error: unknown) => error as NodeJS.ErrnoException,
      );
    }
    if (recordError) note(`--record ${scale.record} could not be written (${recordError.code ?? recordError.message}); the run fails`);
    if (statuses.length === 0 && !scale.shard && !interrupted) {
      for (const sink of sinks.splice(0)) await sink.abort();
      // Why the run exits 2 is printed even with --quiet.
      io.stderr.write(`corscan: ${settings.targetFiles.length > 0 ? 'the targets file lists no URL' : 'no target to scan'}\n`);
      return EXIT_ERROR;
    }
    const head: ReportHead = {
      $schema: reportSchemaUrl(TOOL),
      schemaVersion: 1,
      tool: TOOL,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      options: reportOptions({ failOn: settings.failOn, rules: RULES.map((rule) => rule.id), trustedOrigins: settings.trustedOrigins }, settings),
      ...(interrupted ? { interrupted: true } : {}),
      ...(scale.shard ? { shard: scale.shard } : {}),
    };
    const render: NonNullable<ReportTarget['render']> = {
      ...(settings.minSeverity ? { minSeverity: settings.minSeverity } : {}),
      ...(settings.framework ? { framework: settings.framework } : {}),
      ...(scale.verbose ? { verbose: true } : {}),
      ...(settings.sarifCategory ? { sarifCategory: settings.sarifCategory } : {}),
    };
    const gate = {
      failOn: settings.failOn,
      failOnNew: settings.failOnNew,
      allowUnreachable: settings.allowUnreachable,
      ruleSeverity: Object.fromEntries(RULES.map((rule) => [rule.id, rule.meta.severity])),
    };
    let exitCode: number;
    let reason: string | undefined;
    let write: (target: ReportTarget) => Promise<void>;
    let whole: ScanReport | undefined;
    let counts: RunCounts;
    const pending = settings.outputs.filter((output) => !streamed.includes(output));
    if (spool && (needsWholeReport(inputs) || settings.poc || pending.some((output) => output.format !== 'json'))) {
      const { report, warnings } = finishReport(spool.toReport(head), settings, inputs, new Date().toISOString().slice(0, 10));
      for (const warning of warnings) io.stderr.write(`corscan: warning: ${warning}\n`);
      ({ code: exitCode, reason } = gateResult(report, gate));
      const anchor = sarifAnchor(inputs, report.targets.map((target) => target.url));
      if (anchor) render.sarifLocation = anchor;
      write = (target) => writeWholeReport(report, target, io);
      whole = report;
      counts = runCounts(report);
    } else {
      counts = {
        targets: statuses.length,
        unreachable: statuses.filter((target) => target.status === 'unreachable').length,
        requests,
        durationMs: head.durationMs,
        findings: severities.map((severity) => ({ severity })),
      };
      ({ code: exitCode, reason } = gateResult({ ...head, targets: statuses, findings: severities.map((severity) => ({ severity })) }, gate));
      write = (target) => writeReport(spool!, head, target, io);
    }
    for (const [index, sink] of sinks.splice(0).entries()) {
      try {
        await sink.finish(jsonlSummaryLine(head, totals));
      } catch (error) {
        io.stderr.write(`corscan: ${streamed[index]!.file} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
        exitCode = EXIT_ERROR;
      }
    }
    const written: string[] = [];
    for (const output of pending) {
      const target: ReportTarget = { format: output.format, ...(settings.color !== undefined ? { color: settings.color } : {}), render };
      if (!output.file) {
        await write(target);
        continue;
      }
      // A write that fails after the scan (directory removed, disk full) must not lose the
      // report: it goes to stdout instead, and the run exits 2.
      try {
        await write({ ...target, output: output.file });
        written.push(`wrote ${output.format} report to ${output.file}`);
      } catch (error) {
        io.stderr.write(`corscan: ${output.file} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); the ${output.format} report follows on stdout\n`);
        await write(target);
        exitCode = EXIT_ERROR;
      }
    }
    // Every report went to a file: stdout stays empty, so say what happened and where it is.
    if (settings.outputs.every((output) => output.file)) {
      note(summaryLine(counts));
      for (const line of written) note(line);
    }
    if (settings.poc && whole) {
      const { writePocPages } = await import('../poc/write.js');
      for (const line of await writePocPages(settings.poc, whole.findings)) note(line);
    }
    if (scale.verbose) {
      const seconds = head.durationMs / 1000;
      const sorted = [...durations].sort((a, b) => a - b);
      const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
      note(
        `${statuses.length} targets, ${requests} requests in ${seconds.toFixed(2)} s ` +
          `(${Math.round(statuses.length / seconds)} targets/s, ${Math.round(requests / seconds)} requests/s; ` +
          `per target p50 ${pct(50)} ms, p95 ${pct(95)} ms; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`,
      );
    }
    if (interrupted) note(`interrupted after ${statuses.length} targets; the report is partial ("interrupted": true)`);
    const code = interrupt.exitCode ?? (recordError ? EXIT_ERROR : exitCode);
    // --quiet drops the notes that explain an exit 2; one line still says why.
    if (scale.quiet && code === EXIT_ERROR && reason) io.stderr.write(`corscan: exit 2: ${reason}\n`);
    return code;
  } finally {
    for (const sink of sinks) await sink.abort();
    // Signals stay handled until the report is written: a second one must not lose it.
    removeHandlers?.();
    interrupt.dispose();
    spool?.dispose();
  }
}
