import type { ScanReport } from '../model/report.js';
import type { TargetSpec } from '../engine/scan.js';
import { RULES } from '../rules/index.js';
import { reporters } from '../report/index.js';
import { useColor } from './color.js';
import { getExitCode } from './exit-code.js';
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
  const [{ UndiciTransport }, { scan }] = await Promise.all([import('../http/undici-transport.js'), import('../engine/scan.js')]);
  const transport = new UndiciTransport({
    timeoutMs: settings.timeoutMs,
    perHostConnections: settings.perHost,
    insecure: settings.insecure,
    resolve: settings.resolve,
    userAgent: USER_AGENT,
  });
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
  for (const output of settings.outputs) {
    const stream = output.file ? undefined : io.stdout;
    const text = reporters[output.format](report, {
      color: output.file ? false : useColor(settings.color, io.env, stream?.isTTY),
      ...(stream?.columns ? { columns: stream.columns } : {}),
      ...(settings.minSeverity ? { minSeverity: settings.minSeverity } : {}),
      ...(inputs.sarifLocation ? { sarifLocation: inputs.sarifLocation } : {}),
    });
    if (output.file) await writeFileAtomic(output.file, text);
    else io.stdout.write(text);
  }
  for (const target of report.targets) {
    if (target.status === 'unreachable') io.stderr.write(`corscan: ${target.url} could not be checked: ${target.error?.code} ${target.error?.message}\n`);
  }
  return getExitCode(report, { failOn: settings.failOn, failOnNew: settings.failOnNew, allowUnreachable: settings.allowUnreachable });
}
