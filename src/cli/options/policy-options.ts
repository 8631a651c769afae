import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { addTableOptions } from './option-flags.js';
import { POLICY_OPTIONS } from './option-table.js';

export const POLICY_EXAMPLES = `
Examples:
  $ corscan policy --origin https://app.example.com --credentials --methods GET,POST,PUT --headers Content-Type,Authorization
  $ corscan policy --origin https://app.example.com --framework express --framework nginx
  $ corscan scan https://api.example.com --trusted-origin https://app.example.com --format json --output report.json
  $ corscan policy --from-report report.json

Unsafe or browser-rejected combinations (* with credentials, null, wildcard subdomains,
max-age above 7200 s, forbidden methods and headers) are refused with the reason (exit 2).`;

/** Registers `corscan policy`; its options come from POLICY_OPTIONS, the work happens in policy-command.ts, loaded on use. */
export function addPolicyCommand(program: Command, io: CliIO, setExitCode: (code: number) => void): void {
  const policy = program.command('policy').description('print the correct CORS headers and ready-to-paste configuration per framework');
  const flags = addTableOptions(policy, POLICY_OPTIONS, 'policy');
  policy.addHelpText('after', POLICY_EXAMPLES).action(async () => {
    const [{ layer }, { runPolicy }] = await Promise.all([import('./layer.js'), import('../commands/policy-command.js')]);
    setExitCode(await runPolicy(layer(POLICY_OPTIONS, { flag: flags }).values, io));
  });
}
