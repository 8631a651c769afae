import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../model/errors.js';
import { SEVERITIES } from '../model/severity.js';
import { FORMATS } from '../report/index.js';
import { EXIT_ERROR } from './exit-code.js';
import type { CliIO } from './io.js';
import { collect, positiveNumber, resolveScanSettings, type RawScanOptions } from './options.js';
import { runScan } from './run-scan.js';
import { TOOL } from './version.js';

const FAIL_ON = [...SEVERITIES, 'none'];

const SCAN_EXAMPLES = `
Examples:
  $ corscan scan https://api.example.com/v1/me
  $ corscan scan https://api.example.com --header "Authorization: Bearer $TOKEN" --trusted-origin https://app.example.com
  $ corscan scan --targets urls.txt --format json --output report.json --fail-on medium
  $ corscan scan https://staging.example.com --resolve staging.example.com:443:10.0.0.5

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage error or a target could not be checked.`;

/** Options shared by `scan` and `demo`. */
function addScanOptions(command: Command, defaultFailOn: string): Command {
  return command
    .option('-H, --header <header>', 'send "Name: value" with every probe (repeatable)', collect, [])
    .option('--trusted-origin <origin>', 'an origin the site really trusts, e.g. its front end (repeatable)', collect, [])
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON).default(defaultFailOn))
    .option('--timeout <seconds>', 'per-probe time limit', positiveNumber('--timeout', false), 10)
    .option('--insecure', 'skip TLS certificate verification')
    .option('--resolve <host:port:address>', 'connect to address for host:port, like curl --resolve (repeatable)', collect, [])
    .option('--concurrency <n>', 'targets scanned at the same time', positiveNumber('--concurrency', true), 8)
    .option('--per-host <n>', 'connections per host', positiveNumber('--per-host', true), 6)
    .option('--secret-header <name>', 'also redact this header in every output (repeatable)', collect, [])
    .option('--show-secrets', 'do not redact Authorization, Cookie and other secret headers')
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

  addScanOptions(program.command('scan').argument('[urls...]', 'URLs to scan'), 'high')
    .description('probe URLs and report CORS misconfigurations')
    .option('-t, --targets <file>', 'read URLs from a file, one a line, # comments; - for stdin (repeatable)', collect)
    .option('--poc <dir>', 'write a proof-of-concept HTML page into DIR for each finding about a trusted origin')
    .addHelpText('after', SCAN_EXAMPLES)
    .action(async (urls: string[], raw: RawScanOptions) => {
      setExitCode(await runScan(await resolveScanSettings(urls, raw, io), io));
    });

  addScanOptions(program.command('demo'), 'none')
    .description('start the built-in lab of CORS policies on 127.0.0.1 and scan it')
    .action(async (raw: RawScanOptions) => {
      const { runDemo } = await import('./demo.js');
      setExitCode(await runDemo(raw, io));
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
