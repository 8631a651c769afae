import { Command, CommanderError } from 'commander';
import { UsageError } from '../../model/errors.js';
import { EXIT_ERROR } from '../output/exit-code.js';
import type { CliIO } from '../io.js';
import { addTableOptions } from '../options/option-flags.js';
import { DEMO_DEFAULTS, DIFF_OPTIONS, MERGE_OPTIONS, RULES_OPTIONS, SCAN_OPTIONS } from '../options/option-table.js';
import { resolveScanSettings, type ScanSettings } from '../options/options.js';
import { addPolicyCommand } from '../options/policy-options.js';
import { TOOL } from './version.js';

const SCAN_EXAMPLES = `
Examples:
  $ corscan scan https://api.example.com/v1/me
  $ corscan scan https://api.example.com --header "Authorization: Bearer $TOKEN" --trusted-origin https://app.example.com
  $ corscan scan --targets urls.txt --format json --output report.json --fail-on medium
  $ corscan scan --config corscan.config.yaml --format sarif:corscan.sarif --format json:report.json --format table
  $ corscan scan --targets urls.txt --baseline previous.json --fail-on-new --format markdown
  $ corscan scan https://staging.example.com --resolve staging.example.com:443:10.0.0.5
  $ corscan scan --har session.har --format json --output report.json

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage/config error or a target could not be checked
(unless --allow-unreachable and at least one target was checked).
Environment: every option also reads CORSCAN_<NAME> (e.g. CORSCAN_FAIL_ON=medium); flags > environment > config file
(corscan.config.json/.yaml/.yml, keys in camelCase; --no-config reads none).`;

/** What runs a command once its options are read: the real scan, or in tests a probe that looks at the settings. */
export interface CliRunners {
  scan?: (settings: ScanSettings, io: CliIO) => Promise<number>;
}

/** Builds the commander program; actions report their exit code through `setExitCode`. */
export function buildProgram(io: CliIO, setExitCode: (code: number) => void, runners: CliRunners = {}): Command {
  const program = new Command()
    .name('corscan')
    .description('Scan URLs for CORS misconfigurations: permissive, invalid and inconsistent Access-Control-* behaviour.')
    .version(TOOL.version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run corscan --help for usage)');

  const scan = program.command('scan').argument('[urls...]', 'URLs to scan').description('probe URLs and report CORS misconfigurations');
  const scanFlags = addTableOptions(scan, SCAN_OPTIONS, 'scan');
  scan.addHelpText('after', SCAN_EXAMPLES).action(async (urls: string[]) => {
    // Loaded on use, like the engine: config files and YAML are not needed for --help.
    const { readScanOptions } = await import('../options/layer.js');
    const options = await readScanOptions(SCAN_OPTIONS, scanFlags, io);
    const settings = await resolveScanSettings(urls, options, io);
    // Loaded on use: --help and --version do not pay for the engine and the rules.
    const run = runners.scan ?? (await import('./run-scan.js')).runScan;
    setExitCode(await run(settings, io));
  });

  // The demo scans its own lab: flags only, no config file or CORSCAN_* of the project around it.
  const demo = program.command('demo').description('start the built-in lab of CORS policies on 127.0.0.1 and scan it');
  const demoFlags = addTableOptions(demo, SCAN_OPTIONS, 'demo', DEMO_DEFAULTS);
  demo.action(async () => {
    const { layer } = await import('../options/layer.js');
    const { values } = layer(SCAN_OPTIONS, { flag: demoFlags }, DEMO_DEFAULTS);
    const { runDemo } = await import('./demo.js');
    setExitCode(await runDemo(values, io, runners.scan));
  });

  addPolicyCommand(program, io, setExitCode);

  const diff = program
    .command('diff')
    .description('compare two JSON reports: new, unchanged and fixed findings, target status changes')
    .argument('<old>', 'the earlier JSON report')
    .argument('<new>', 'the later JSON report');
  const diffFlags = addTableOptions(diff, DIFF_OPTIONS, 'diff');
  diff.action(async (oldPath: string, newPath: string) => {
    const [{ layer }, { runDiff }] = await Promise.all([import('../options/layer.js'), import('./diff.js')]);
    setExitCode(await runDiff(oldPath, newPath, layer(DIFF_OPTIONS, { flag: diffFlags }).values, io));
  });

  const merge = program
    .command('merge')
    .argument('<reports...>', 'JSON reports of the shards of one run (--shard i/n)')
    .description('combine shard reports into the report of one run');
  const mergeFlags = addTableOptions(merge, MERGE_OPTIONS, 'merge');
  merge.action(async (files: string[]) => {
    const [{ layer }, { runMerge }] = await Promise.all([import('../options/layer.js'), import('./merge.js')]);
    setExitCode(await runMerge(files, layer(MERGE_OPTIONS, { flag: mergeFlags }).values, io));
  });

  const rules = program.command('rules').description('list the rules');
  const rulesFlags = addTableOptions(rules, RULES_OPTIONS, 'rules');
  rules.action(async () => {
    const [{ layer }, { renderRuleList }] = await Promise.all([import('../options/layer.js'), import('./rules-list.js')]);
    io.stdout.write(renderRuleList(layer(RULES_OPTIONS, { flag: rulesFlags }).values.format));
    setExitCode(0);
  });
  return program;
}

/** Runs the CLI and returns the exit code; never throws for usage errors. */
export async function runCli(argv: readonly string[], io: CliIO, runners: CliRunners = {}): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    runners,
  );
  try {
    if (argv.length === 0) {
      io.stdout.write(program.helpInformation());
      return EXIT_ERROR;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other commander error is a usage error (2, not its default 1).
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_ERROR;
    }
    if (error instanceof UsageError || (error as { code?: string })?.code === 'ERR_REPLAY_MISS') {
      io.stderr.write(`corscan: ${(error as Error).message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}
