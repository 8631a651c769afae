import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../model/errors.js';
import { SEVERITIES, type FailOn } from '../model/severity.js';
import { FORMATS, type Format } from '../report/formats.js';
import { EXIT_ERROR } from './exit-code.js';
import type { CliIO } from './io.js';
import { addTableOptions } from './option-flags.js';
import { DEMO_DEFAULTS, SCAN_OPTIONS } from './option-table.js';
import { resolveScanSettings, type ScanSettings } from './options.js';
import { addPolicyCommand } from './policy-options.js';
import { TOOL } from './version.js';

const FAIL_ON = [...SEVERITIES, 'none'];

const SCAN_EXAMPLES = `
Examples:
  $ corscan scan https://api.example.com/v1/me
  $ corscan scan https://api.example.com --header "Authorization: Bearer $TOKEN" --trusted-origin https://app.example.com
  $ corscan scan --targets urls.txt --format json --output report.json --fail-on medium
  $ corscan scan --config corscan.config.yaml --format sarif:corscan.sarif --format json:report.json --format table
  $ corscan scan --targets urls.txt --baseline previous.json --fail-on-new --format markdown
  $ corscan scan https://staging.example.com --resolve staging.example.com:443:10.0.0.5

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage/config error or a target could not be checked
(unless --allow-unreachable and at least one target was checked).
Environment: every option also reads CORSCAN_<NAME> (e.g. CORSCAN_FAIL_ON=medium); flags > environment > config file.`;

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
    const { readScanOptions } = await import('./layer.js');
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
    const { layer } = await import('./layer.js');
    const { values } = layer(SCAN_OPTIONS, { flag: demoFlags }, DEMO_DEFAULTS);
    const { runDemo } = await import('./demo.js');
    setExitCode(await runDemo(values, io, runners.scan));
  });

  addPolicyCommand(program, io, setExitCode);

  program
    .command('diff')
    .description('compare two JSON reports: new, unchanged and fixed findings, target status changes')
    .argument('<old>', 'the earlier JSON report')
    .argument('<new>', 'the later JSON report')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option('--fail-on-new <severity>', 'exit 1 when a new finding is at or above this severity')
    .action(async (oldPath: string, newPath: string, raw: { format: 'table' | 'json' | 'markdown'; failOnNew?: string }) => {
      const { runDiff } = await import('./diff.js');
      setExitCode(await runDiff(oldPath, newPath, raw, io));
    });

  program
    .command('merge')
    .argument('<reports...>', 'JSON reports of the shards of one run (--shard i/n)')
    .description('combine shard reports into the report of one run')
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('json'))
    .option('-o, --output <file>', 'write the merged report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON).default('high'))
    .option('--no-color', 'disable colour')
    .action(async (files: string[], raw: { format: Format; output?: string; failOn: FailOn; color?: boolean }) => {
      const { runMerge } = await import('./merge.js');
      setExitCode(await runMerge(files, raw, io));
    });

  program
    .command('rules')
    .description('list the rules')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (raw: { format: 'table' | 'json' }) => {
      const { renderRuleList } = await import('./rules-list.js');
      io.stdout.write(renderRuleList(raw.format));
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
