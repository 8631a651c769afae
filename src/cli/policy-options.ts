import { UsageError } from '../model/errors.js';

export type { RawPolicyOptions } from './policy-command.js';

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
