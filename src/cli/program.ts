import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../model/errors.js';
import { SEVERITIES, type FailOn } from '../model/severity.js';
import { FORMATS, type Format } from '../report/formats.js';
import { EXIT_ERROR } from './exit-code.js';
import type { CliIO } from './io.js';
import { collect, positiveNumber, resolveScanSettings, type RawScanOptions } from './options.js';
import { FRAMEWORK_NAMES } from '../fix/frameworks/names.js';
import { addPolicyCommand } from './policy-options.js';
import { addScaleOptions } from './scale-options.js';
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
  $ corscan scan --har session.har --format json --output report.json

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage/config error or a target could not be checked
(unless --allow-unreachable and at least one target was checked).
Environment: every option also reads CORSCAN_<NAME> (e.g. CORSCAN_FAIL_ON=medium); flags > environment > config file.`;

/** Options shared by `scan` and `demo`. */
function addScanOptions(command: Command, defaultFailOn: string): Command {
  return command
    .option('-H, --header <header>', 'send "Name: value" with every probe (repeatable)', collect, [])
    .option('--trusted-origin <origin>', 'an origin the site really trusts, e.g. its front end (repeatable)', collect, [])
    .option('-f, --format <format[:file]>', `report format: ${FORMATS.join(', ')}; repeatable, format:file writes a file (default table)`, collect)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON).default(defaultFailOn))
    .addOption(new Option('--min-severity <severity>', 'show only findings at or above this severity in table and markdown (never changes the exit code)').choices(SEVERITIES))
    .option('--fail-on-new', 'with --baseline: exit 1 only for new findings at or above --fail-on')
    .option('--allow-unreachable', 'a scan where some targets could not be reached may still exit 0 or 1')
    .option('-c, --config <file>', 'config file (default: corscan.config.json/.yaml in the working directory)')
    .option('--ignore-file <file>', 'suppressions (default: .corscan-ignore.yaml in the working directory)')
    .option('--no-ignores', 'do not read any ignore file')
    .option('--baseline <report.json>', 'mark findings new or unchanged against a previous JSON report, list fixed ones')
    .option('--sarif-location <file>', 'anchor SARIF results to this repository file (the line naming the target)')
    .option('--timeout <seconds>', 'per-probe time limit', positiveNumber('--timeout', false), 10)
    .option('--insecure', 'skip TLS certificate verification')
    .option('--resolve <host:port:address>', 'connect to address for host:port, like curl --resolve (repeatable)', collect, [])
    .option('--concurrency <n>', 'targets scanned at the same time', positiveNumber('--concurrency', true), 8)
    .option('--per-host <n>', 'requests in flight per host at the start', positiveNumber('--per-host', true), 6)
    .option('--max-per-host <n>', 'most requests in flight per host while its latency stays flat (default 16; = --per-host: a fixed cap)', positiveNumber('--max-per-host', true))
    .option('--secret-header <name>', 'also redact this header in every output (repeatable)', collect, [])
    // Marking a header secret and asking to show secrets contradict each other: refuse rather than guess.
    .addOption(new Option('--show-secrets', 'do not redact Authorization, Cookie and other secret headers').conflicts('secretHeader'))
    .addOption(new Option('--framework <name>', 'table report: print the fixed configuration for this framework per target').choices(FRAMEWORK_NAMES))
    .option('--color', 'force colour')
    .option('--no-color', 'disable colour (NO_COLOR is honoured too)');
}

/** Builds the commander program; actions report their exit code through `setExitCode`. */
export function buildProgram(io: CliIO, setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('corscan')
    .description('Scan URLs for CORS misconfigurations: permissive, invalid and inconsistent Access-Control-* behaviour.')
    .version(TOOL.version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run corscan --help for usage)');

  addScaleOptions(addScanOptions(program.command('scan').argument('[urls...]', 'URLs to scan'), 'high'))
    .description('probe URLs and report CORS misconfigurations')
    .option('-t, --targets <file>', 'read URLs from a file, one a line, # comments; - for stdin (repeatable)', collect)
    .option('--poc <dir>', 'write a proof-of-concept HTML page into DIR for each finding about a trusted origin')
    .option('--har <file>', "scan each cross-origin endpoint a HAR recorded, judged against what the front end sent (repeatable)", collect)
    .option('--har-keep-query', 'with --har: keep query strings (one target per distinct query)')
    .option('--har-credentials', 'with --har: send the Cookie and Authorization values the HAR recorded (redacted in every output)')
    .option('--unsafe-methods', 'with --har: also send state-changing probes (the bodiless POST) to recorded endpoints')
    .addHelpText('after', SCAN_EXAMPLES)
    .action(async (urls: string[], raw: RawScanOptions, command: Command) => {
      // Loaded on use, like the engine: config files and YAML are not needed for --help.
      const { layerOptions } = await import('./layer.js');
      const layered = await layerOptions(command, raw, io);
      // Loaded on use: --help and --version do not pay for the engine and the rules.
      const { runScan } = await import('./run-scan.js');
      setExitCode(await runScan(await resolveScanSettings(urls, layered, io), io));
    });

  addScanOptions(program.command('demo'), 'none')
    .description('start the built-in lab of CORS policies on 127.0.0.1 and scan it')
    .action(async (raw: RawScanOptions) => {
      const { runDemo } = await import('./demo.js');
      setExitCode(await runDemo(raw, io));
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
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
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
