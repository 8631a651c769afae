import type { ScanReport } from '../model/report.js';
import type { TargetSpec } from '../engine/scan.js';
import { RULES } from '../rules/index.js';
import { reporters } from '../report/index.js';
import { useColor } from './color.js';
import { getExitCode } from './exit-code.js';
import type { CliIO } from './io.js';
import type { ScanSettings } from './options.js';
import { checkWritable, writeFileAtomic } from './output.js';
import { TOOL, USER_AGENT } from './version.js';

/** Scans, renders and writes the report; returns the exit code. */
export async function runScan(settings: ScanSettings, io: CliIO, targets: readonly (string | TargetSpec)[] = settings.targets): Promise<number> {
  if (settings.output) await checkWritable(settings.output, settings.inputFiles);
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
  let report: ScanReport;
  try {
    report = await scan(
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
  const toFile = Boolean(settings.output);
  const stream = toFile ? undefined : io.stdout;
  const text = reporters[settings.format](report, {
    color: toFile ? false : useColor(settings.color, io.env, stream?.isTTY),
    ...(stream?.columns ? { columns: stream.columns } : {}),
  });
  if (settings.output) await writeFileAtomic(settings.output, text);
  else io.stdout.write(text);
  if (settings.poc) {
    const { writePocPages } = await import('../poc/write.js');
    for (const line of await writePocPages(settings.poc, report.findings)) io.stderr.write(`corscan: ${line}\n`);
  }
  for (const target of report.targets) {
    if (target.status === 'unreachable') io.stderr.write(`corscan: ${target.url} could not be checked: ${target.error?.code} ${target.error?.message}\n`);
  }
  return getExitCode(report, { failOn: settings.failOn });
}
