import { type Command, Option } from 'commander';
import { FRAMEWORK_NAMES } from '../fix/frameworks/names.js';
import { UsageError } from '../model/errors.js';
import type { CliIO } from './io.js';
import { collect } from './options.js';
import type { RawPolicyOptions } from './policy-command.js';

export const POLICY_EXAMPLES = `
Examples:
  $ corscan policy --origin https://app.example.com --credentials --methods GET,POST,PUT --headers Content-Type,Authorization
  $ corscan policy --origin https://app.example.com --framework express --framework nginx
  $ corscan scan https://api.example.com --trusted-origin https://app.example.com --format json --output report.json
  $ corscan policy --from-report report.json

Unsafe or browser-rejected combinations (* with credentials, null, wildcard subdomains,
max-age above 7200 s, forbidden methods and headers) are refused with the reason (exit 2).`;

/** Whole number of 0 or more (commander parser). */
export function wholeNumber(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) throw new UsageError(`${name} must be a whole number of seconds, got "${value}"`);
    return parsed;
  };
}

/** Repeatable option restricted to `choices` (commander's .choices() does not collect). */
export function collectChoice(choices: readonly string[], name: string) {
  return (value: string, previous: string[] = []): string[] => {
    if (!choices.includes(value)) throw new UsageError(`${name} "${value}" is not one of ${choices.join(', ')}`);
    return [...previous, value];
  };
}

/** Registers `corscan policy`; the work happens in policy-command.ts, loaded on use. */
export function addPolicyCommand(program: Command, io: CliIO, setExitCode: (code: number) => void): void {
  program
    .command('policy')
    .description('print the correct CORS headers and ready-to-paste configuration per framework')
    .option('--origin <origin>', 'an origin to allow, exactly (repeatable); * for public data', collect, [])
    .option('--credentials', 'allow cookies and HTTP authentication (Access-Control-Allow-Credentials: true)')
    .option('--methods <list>', 'methods a preflight may ask for, comma-separated (default GET,HEAD,POST)', collect)
    .option('--headers <list>', 'request headers a preflight may ask for, comma-separated (default Content-Type)', collect)
    .option('--expose <list>', 'response headers scripts may read, comma-separated', collect)
    .option('--max-age <seconds>', 'preflight cache lifetime, at most 7200 (default 600)', wholeNumber('--max-age'))
    .option('--from-report <file>', 'take the trusted origins of every target from a corscan JSON report')
    .addOption(new Option('--framework <name>', 'print only this framework (repeatable; default all)').choices(FRAMEWORK_NAMES).argParser(collectChoice(FRAMEWORK_NAMES, '--framework')))
    .addHelpText('after', POLICY_EXAMPLES)
    .action(async (raw: RawPolicyOptions) => {
      const { runPolicy } = await import('./policy-command.js');
      setExitCode(await runPolicy(raw, io));
    });
}
