import { RedactionPolicy } from '../../engine/redaction.js';
import type { TargetSpec } from '../../engine/scan.js';
import type { Transport } from '../../http/transport.js';
import { Interrupt } from './interrupt.js';
import type { CliIO } from '../io.js';
import type { ScanSettings } from '../options/options.js';
import { checkWritable } from '../output/output.js';
import { prepareReportInputs, type ReportInputs } from '../output/report-pipeline.js';
import { fixedTargets, openTargets, type TargetSource } from '../inputs/target-source.js';
import { buildTransportChain } from './transport-chain.js';

/** Everything a scan needs before its first request. */
export interface PreparedScan {
  /** Ignore file, baseline, SARIF anchor file: read now, so a bad one fails before any request. */
  inputs: ReportInputs;
  source: Pick<TargetSource, 'total' | 'close'> & { targets: AsyncIterable<string | TargetSpec> | Iterable<string | TargetSpec> };
  transport: Transport;
  /** The run's one redaction policy: reports, recordings, replays, PoC pages and notes hide the same secrets. */
  redaction: RedactionPolicy;
  /** SIGINT/SIGTERM: the first stops the engine and the transport (in-flight requests get a grace period), the second cuts them. */
  interrupt: Interrupt;
}

/** Config-file targets carry their own headers, trusted origins and expected policy. */
async function* withSpecs(urls: AsyncIterable<string | TargetSpec> | Iterable<string | TargetSpec>, specs: ScanSettings['targetSpecs']) {
  for await (const target of urls) yield typeof target === 'string' ? (specs.get(target) ?? target) : target;
}

/**
 * Stage 1: checks every output can be written and reads every input file, opens the
 * targets (streamed: files and stdin are read as the scan goes) and builds the transport
 * chain. Every problem with inputs and outputs is found here, before the first request.
 * `targets` replaces the settings' targets (the demo's lab).
 */
export async function prepareScan(settings: ScanSettings, io: CliIO, targets?: readonly (string | TargetSpec)[]): Promise<PreparedScan> {
  const { scale } = settings;
  const files = settings.outputs.flatMap((output) => (output.file ? [output.file] : []));
  for (const file of files) await checkWritable(file, settings.inputFiles);
  if (scale.record) await checkWritable(scale.record, [...settings.inputFiles, ...files]);
  const inputs = await prepareReportInputs(settings, io.cwd);
  const opened = targets
    ? fixedTargets(targets)
    : await openTargets({
        urls: settings.targets,
        files: settings.targetFiles,
        ...(scale.openapi ? { extra: scale.openapi.urls.bind(scale.openapi) } : {}),
        ...(scale.shard ? { shard: scale.shard } : {}),
        ...(io.stdinStream ? { stdin: io.stdinStream } : {}),
      });
  const source = { ...opened, targets: withSpecs(opened.targets, settings.targetSpecs) };
  // Headers the user set (flags and per-target) are dropped on a redirect to another origin.
  const specHeaderSets = [...settings.targetSpecs.values(), ...(targets ?? [])].flatMap((target) => (typeof target === 'string' || !target.headers ? [] : [target.headers]));
  const specHeaders = specHeaderSets.flatMap((headers) => Object.keys(headers));
  // One redaction policy for every output of the run; it learns the secret values of the user's and the targets' headers.
  const redaction = new RedactionPolicy({ showSecrets: settings.showSecrets, secretHeaders: settings.secretHeaders, headers: [settings.headers, ...specHeaderSets] });
  const interrupt = new Interrupt();
  try {
    const transport = await buildTransportChain(settings, [...Object.keys(settings.headers), ...specHeaders], interrupt, redaction, io.network);
    return { inputs, source, transport, interrupt, redaction };
  } catch (error) {
    source.close();
    throw error;
  }
}
