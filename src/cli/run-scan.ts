import type { ScanReport } from '../model/report.js';
import type { TargetSpec } from '../engine/scan.js';
import { RULES } from '../rules/index.js';
import { reporters } from '../report/index.js';
import { useColor } from './color.js';
import { EXIT_ERROR, getExitCode } from './exit-code.js';
import type { CliIO } from './io.js';
import type { ScanSettings } from './options.js';
import { checkWritable, writeFileAtomic } from './output.js';
import { prepareReportInputs, finishReport } from './report-pipeline.js';
import { TOOL, USER_AGENT } from './version.js';

/** Scans, renders and writes the report; returns the exit code. */
export async function runScan(
  settings: ScanSettings,
  io: CliIO,
  targets: readonly (string | TargetSpec)[] = settings.targets.map((url) => settings.targetSpecs.get(url) ?? url),
): Promise<number> {
  // Every problem with inputs and outputs is found before the first request is sent.
  for (const output of settings.outputs) if (output.file) await checkWritable(output.file, settings.inputFiles);
  const inputs = await prepareReportInputs(settings);
  // undici is the heaviest import (~60 ms); --help and --version never pay for it.
  const [{ UndiciTransport }, { scan }, { RedirectTransport }] = await Promise.all([
    import('../http/undici-transport.js'),
    import('../engine/scan.js'),
    import('../http/redirect-transport.js'),
  ]);
  // Redirects are followed hop by hop and recorded (browsers CORS-check every hop);
  // the user's headers are never carried to another origin.
  const userHeaders = [...Object.keys(settings.headers), ...targets.flatMap((target) => (typeof target === 'string' ? [] : Object.keys(target.headers ?? {})))];
  const transport = new RedirectTransport(
    new UndiciTransport({
      timeoutMs: settings.timeoutMs,
      perHostConnections: settings.perHost,
      insecure: settings.insecure,
      resolve: settings.resolve,
      userAgent: USER_AGENT,
    }),
    { userHeaders },
  );
  let scanned: ScanReport;
  try {
    scanned = await scan(
      targets,
      {
        rules: RULES,
        headers: settings.headers,
        trustedOrigins: settings.trustedOrigins,
        failOn: settings.failOn,
        concurrency: settings.concurrency,
        secretHeaders: settings.secretHeaders,
        showSecrets: settings.showSecrets,
        tool: TOOL,
      },
      transport,
    );
  } finally {
    await transport.close();
  }
  const { report, warnings } = finishReport(scanned, settings, inputs, new Date().toISOString().slice(0, 10));
  for (const warning of warnings) io.stderr.write(`corscan: warning: ${warning}\n`);
  // A write that fails after the scan (directory removed, disk full) must not lose the report:
  // it goes to stdout instead, and the run exits 2.
  let lost = false;
  for (const output of settings.outputs) {
    const stream = output.file ? undefined : io.stdout;
    const text = reporters[output.format](report, {
      color: output.file ? false : useColor(settings.color, io.env, stream?.isTTY),
      ...(stream?.columns ? { columns: stream.columns } : {}),
      ...(settings.minSeverity ? { minSeverity: settings.minSeverity } : {}),
      ...(inputs.sarifLocation ? { sarifLocation: inputs.sarifLocation } : {}),
      ...(settings.framework ? { framework: settings.framework } : {}),
    });
    if (!output.file) {
      io.stdout.write(text);
      continue;
    }
    try {
      await writeFileAtomic(output.file, text);
    } catch (error) {
      lost = true;
      io.stderr.write(`corscan: ${output.file} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); the ${output.format} report follows on stdout\n`);
      io.stdout.write(text);
    }
  }
  for (const target of report.targets) {
    if (target.status === 'unreachable') io.stderr.write(`corscan: ${target.url} could not be checked: ${target.error?.code} ${target.error?.message}\n`);
  }
  return lost ? EXIT_ERROR : getExitCode(report, { failOn: settings.failOn, failOnNew: settings.failOnNew, allowUnreachable: settings.allowUnreachable });
}
