import { FRAMEWORK_NAMES } from '../../fix/frameworks/names.js';
import { parseResolve } from '../../http/resolve.js';
import { SEVERITIES } from '../../model/severity.js';
import { FORMATS } from '../../report/formats.js';
import { parseOutputs } from './formats.js';
import { asSubject, parseBounded, parseChoice, parseText, type NumberBounds, type OptionDef, type OptionValues } from './option-kinds.js';
import { parseHeaders, parseTrustedOrigins } from './options.js';
import { parseShard } from './shard.js';
import { normaliseTarget } from '../inputs/targets.js';

/*
 * The options of every command, one table per command (`scan` and `demo` share one), in
 * --help order. Everything else is derived from the tables: the commander definitions and
 * --help lines (option-flags.ts), the `CORSCAN_<NAME>` variables and the config-file keys
 * with their checks and precedence (layer.ts, config.ts), the type of the read values
 * (ScanOptionValues, OptionValues<typeof X_OPTIONS>), and test/cli/option-table.test.ts
 * checks every scan option from every source and the README's options table against it.
 *
 * To add an option:
 *  1. add one entry here: `key` (camelCase; the config key and CORSCAN_<KEY>), `flag`,
 *     `help`, `kind` ('value' with a `parse`, 'switch', or 'list' with a `parseItem`),
 *     `commands`, and `config`/`env` (true, or `{ not: 'reason' }`). A number gets
 *     `...bounded({ min, max, integer })`; a choice gets `parseChoice` and `choices`.
 *     `parse` throws UsageError naming the `subject` it is given, so the same message names
 *     the flag, the variable or the file:line:key the value came from;
 *  2. read `values.<key>` where the setting is used (options.ts resolveScanSettings);
 *  3. add a row to the README options table and a row to test/cli/option-table.test.ts
 *     (the test fails until both exist).
 */

const FAIL_ON = [...SEVERITIES, 'none'] as const;
const BOTH = ['scan', 'demo'] as const;
const SCAN = ['scan'] as const;

/** Node's timers overflow above 2^31-1 ms and then fire after 1 ms: a day is far below that. */
const TIMEOUT = { min: 0.001, max: 86_400, integer: false, unit: 'seconds' };

/** A number option's bounds and the parser that enforces them, from one literal. */
const bounded = (bounds: NumberBounds) => ({ bounds, parse: parseBounded(bounds) });

export const SCAN_OPTIONS = [
  {
    key: 'targets', flag: '-t, --targets <file>', kind: 'list', commands: SCAN, envSplit: 'lines',
    help: 'read URLs from a file, one a line, # comments; - for stdin (repeatable)',
    parseItem: parseText,
    // In the file, `targets` lists the URLs themselves (with per-target settings).
    config: { key: 'targetFiles' }, env: true,
  },
  {
    key: 'header', flag: '-H, --header <header>', kind: 'list', commands: BOTH, envSplit: 'lines',
    help: 'send "Name: value" with every probe (repeatable)',
    // The shared header parser, so every check on --header applies to every source.
    parseItem: asSubject('--header', (text) => {
      parseHeaders([text]);
      return text;
    }),
    config: true, env: true,
  },
  {
    key: 'trustedOrigin', flag: '--trusted-origin <origin>', kind: 'list', commands: BOTH, envSplit: 'commas',
    help: 'an origin the site really trusts, e.g. its front end (repeatable)',
    parseItem: asSubject('--trusted-origin', (text) => parseTrustedOrigins([text])[0]!),
    config: true, env: true,
  },
  {
    key: 'format', flag: '-f, --format <format[:file]>', kind: 'list', commands: BOTH, envSplit: 'commas',
    help: `report format: ${FORMATS.join(', ')}; repeatable, format:file writes a file (default table)`,
    parseItem: asSubject('--format', (text) => {
      parseOutputs([text], undefined);
      return text.trim();
    }),
    // --output joins in when the settings are built (options.ts); this catches a source alone sending two formats to stdout.
    checkAll: (items: readonly string[], subject: string) => asSubject('--format', () => parseOutputs(items, undefined))('', subject),
    config: true, env: true,
  },
  {
    key: 'output', flag: '-o, --output <file>', kind: 'value', commands: BOTH,
    help: 'write the report to a file instead of stdout', parse: parseText, config: true, env: true,
  },
  {
    key: 'failOn', flag: '--fail-on <severity>', kind: 'value', commands: BOTH, choices: FAIL_ON, default: 'high',
    help: 'exit 1 when a finding is at or above this severity', parse: parseChoice(FAIL_ON), config: true, env: true,
  },
  {
    key: 'minSeverity', flag: '--min-severity <severity>', kind: 'value', commands: BOTH, choices: SEVERITIES,
    help: 'show only findings at or above this severity in table and markdown (never changes the exit code)',
    parse: parseChoice(SEVERITIES), config: true, env: true,
  },
  {
    key: 'failOnNew', flag: '--fail-on-new', kind: 'switch', commands: BOTH,
    help: 'with --baseline: exit 1 only for new findings at or above --fail-on', config: true, env: true,
  },
  {
    key: 'allowUnreachable', flag: '--allow-unreachable', kind: 'switch', commands: BOTH,
    help: 'a scan where some targets could not be reached may still exit 0 or 1', config: true, env: true,
  },
  {
    key: 'config', flag: '-c, --config <file>', kind: 'value', commands: SCAN, conflicts: 'noConfig',
    help: 'config file (default: corscan.config.json/.yaml/.yml in the working directory)', parse: parseText,
    config: { not: 'a config file cannot name another one' }, env: true,
  },
  {
    key: 'noConfig', flag: '--no-config', kind: 'switch', commands: SCAN,
    help: 'read no config file, not even corscan.config.* in the working directory',
    config: { not: 'a config file cannot switch itself off' }, env: true,
  },
  {
    key: 'ignoreFile', flag: '--ignore-file <file>', kind: 'value', commands: BOTH, conflicts: 'noIgnores',
    help: 'suppressions (default: .corscan-ignore.yaml in the working directory)', parse: parseText, config: true, env: true,
  },
  {
    key: 'noIgnores', flag: '--no-ignores', kind: 'switch', commands: BOTH,
    help: 'do not read any ignore file', config: true, env: true,
  },
  {
    key: 'baseline', flag: '--baseline <report.json>', kind: 'value', commands: BOTH,
    help: 'mark findings new or unchanged against a previous JSON report, list fixed ones', parse: parseText, config: true, env: true,
  },
  {
    key: 'sarifLocation', flag: '--sarif-location <file>', kind: 'value', commands: BOTH,
    help: 'anchor SARIF results to this repository file (the line naming the target)', parse: parseText, config: true, env: true,
  },
  {
    key: 'sarifCategory', flag: '--sarif-category <name>', kind: 'value', commands: BOTH,
    help: 'SARIF automationDetails.id: one code-scanning category per target set (e.g. corscan-staging)', parse: parseText, config: true, env: true,
  },
  {
    key: 'timeout', flag: '--timeout <seconds>', kind: 'value', commands: BOTH, default: 10, ...bounded(TIMEOUT),
    help: 'per-probe time limit', config: true, env: true,
  },
  {
    key: 'insecure', flag: '--insecure', kind: 'switch', commands: BOTH,
    help: 'skip TLS certificate verification', config: true, env: true,
  },
  {
    key: 'unsafeMethods', flag: '--unsafe-methods', kind: 'switch', commands: BOTH,
    help: 'also send requests that may change state: actual POSTs without a body (default: only GET, HEAD and OPTIONS)', config: true, env: true,
  },
  {
    key: 'resolve', flag: '--resolve <host:port:address>', kind: 'list', commands: BOTH, envSplit: 'lines',
    help: 'connect to address for host:port, like curl --resolve (repeatable)',
    parseItem: asSubject('--resolve', parseResolve), config: true, env: true,
  },
  {
    key: 'concurrency', flag: '--concurrency <n>', kind: 'value', commands: BOTH, default: 8, ...bounded({ min: 1, max: 1024, integer: true, unit: 'targets at once' }),
    help: 'targets scanned at the same time', config: true, env: true,
  },
  {
    key: 'perHost', flag: '--per-host <n>', kind: 'value', commands: BOTH, default: 6, ...bounded({ min: 1, max: 256, integer: true, unit: 'requests in flight' }),
    help: 'requests in flight per host at the start', config: true, env: true,
  },
  {
    key: 'maxPerHost', flag: '--max-per-host <n>', kind: 'value', commands: BOTH, ...bounded({ min: 1, max: 256, integer: true, unit: 'requests in flight' }),
    help: 'most requests in flight per host while its latency stays flat (default 16; = --per-host: a fixed cap)', config: true, env: true,
  },
  {
    key: 'rateLimit', flag: '--rate-limit <n>', kind: 'value', commands: SCAN,
    // Below 0.01/s (one request in 100 s) a "limit" is a stall; tiny values used to switch it off.
    ...bounded({ min: 0.01, max: 10_000, integer: false, unit: 'requests per second' }),
    help: 'at most n requests per second to each host', config: true, env: true,
  },
  {
    key: 'retries', flag: '--retries <n>', kind: 'value', commands: SCAN, default: 1, ...bounded({ min: 0, max: 10, integer: true }),
    help: 'retry refused or reset connections of idempotent probes n times', config: true, env: true,
  },
  {
    key: 'maxHostErrors', flag: '--max-host-errors <n>', kind: 'value', commands: SCAN, default: 30, ...bounded({ min: 0, max: 1_000_000, integer: true }),
    help: 'skip a host after n failed connections, a path after n timeouts of it, marking their targets skipped (0: never)', config: true, env: true,
  },
  {
    key: 'record', flag: '--record <file>', kind: 'value', commands: SCAN, conflicts: 'replay',
    help: 'write every exchange to a recording (secrets redacted)', parse: parseText, config: true, env: true,
  },
  {
    key: 'replay', flag: '--replay <file>', kind: 'value', commands: SCAN,
    help: 're-run the rules on a recording, without the network', parse: parseText, config: true, env: true,
  },
  {
    key: 'shard', flag: '--shard <i/n>', kind: 'value', commands: SCAN,
    help: 'scan only share i of n of the targets (deterministic, for parallel CI jobs)', parse: asSubject('--shard', parseShard), config: true, env: true,
  },
  {
    key: 'openapi', flag: '--openapi <file>', kind: 'value', commands: SCAN,
    help: 'scan every server x path of an OpenAPI 3 document (YAML or JSON)', parse: parseText, config: true, env: true,
  },
  {
    key: 'openapiServer', flag: '--openapi-server <url>', kind: 'value', commands: SCAN,
    help: 'base URL for an OpenAPI document without absolute servers', parse: (text: string, subject: string) => normaliseTarget(text, subject), config: true, env: true,
  },
  {
    // A few hundred KB of OpenAPI can declare millions of server x path URLs (checkOpenApiSize in inputs/openapi.ts).
    key: 'openapiMaxTargets', flag: '--openapi-max-targets <n>', kind: 'value', commands: SCAN, default: 100_000,
    ...bounded({ min: 1, max: 1_000_000, integer: true, unit: 'URLs' }),
    help: 'refuse an OpenAPI document whose servers x paths give more URLs than this for one run (or one --shard)', config: true, env: true,
  },
  {
    key: 'quiet', flag: '-q, --quiet', kind: 'switch', commands: SCAN, conflicts: 'verbose',
    help: 'no progress and no notes on stderr', config: true, env: true,
  },
  {
    key: 'verbose', flag: '--verbose', kind: 'switch', commands: SCAN,
    help: 'a line on stderr for every finished target, and a summary', config: true, env: true,
  },
  {
    key: 'secretHeader', flag: '--secret-header <name>', kind: 'list', commands: BOTH, envSplit: 'commas', conflicts: 'showSecrets',
    help: 'also redact this header in every output (repeatable)', parseItem: (text: string, subject: string) => parseText(text, subject).toLowerCase(), config: true, env: true,
  },
  {
    key: 'showSecrets', flag: '--show-secrets', kind: 'switch', commands: BOTH,
    help: 'do not redact Authorization, Cookie and other secret headers', config: true, env: true,
  },
  {
    key: 'framework', flag: '--framework <name>', kind: 'value', commands: BOTH, choices: FRAMEWORK_NAMES,
    help: 'table report: print the fixed configuration for this framework per target', parse: parseChoice(FRAMEWORK_NAMES), config: true, env: true,
  },
  {
    key: 'poc', flag: '--poc <dir>', kind: 'value', commands: SCAN,
    help: 'write a proof-of-concept HTML page into DIR for each finding about a trusted origin', parse: parseText, config: true, env: true,
  },
  {
    key: 'har', flag: '--har <file>', kind: 'list', commands: SCAN, envSplit: 'lines',
    help: 'scan each cross-origin endpoint a HAR recorded, judged against what the front end sent (repeatable)', parseItem: parseText, config: true, env: true,
  },
  {
    key: 'harKeepQuery', flag: '--har-keep-query', kind: 'switch', commands: SCAN,
    help: 'with --har: keep query strings (one target per distinct query)', config: true, env: true,
  },
  {
    key: 'harCredentials', flag: '--har-credentials', kind: 'switch', commands: SCAN,
    help: 'with --har: send the Cookie and Authorization values the HAR recorded (redacted in every output)', config: true, env: true,
  },
  {
    key: 'color', flag: '--color', kind: 'switch', commands: BOTH, auto: true, negation: { flag: '--no-color', help: 'disable colour (NO_COLOR is honoured too)' },
    help: 'force colour', config: true, env: true,
    // The conventions of https://no-color.org and FORCE_COLOR, below CORSCAN_COLOR and flags.
    envAlias: (env: NodeJS.ProcessEnv) =>
      env['NO_COLOR'] ? { name: 'NO_COLOR', text: 'false' }
      : env['FORCE_COLOR'] !== undefined ? { name: 'FORCE_COLOR', text: String(env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== 'false') }
      : undefined,
  },
] as const satisfies readonly OptionDef[];

/** Settings read from the scan table: every key, typed (lists are arrays; keys with a default always have a value). */
export type ScanOptionValues = OptionValues<typeof SCAN_OPTIONS>;

/** `corscan demo` scans its own lab: the same options, except that it gates on nothing by default. */
export const DEMO_DEFAULTS: Partial<ScanOptionValues> = { failOn: 'none' };

/*
 * The other commands read flags only: they work on files named on the command line, and a
 * project's config file or CI variables are about its scans.
 */
const FLAGS_ONLY = { not: 'only scan reads the environment and the config file' } as const;

export const POLICY_OPTIONS = [
  {
    key: 'origin', flag: '--origin <origin>', kind: 'list', commands: ['policy'], envSplit: 'commas', config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'an origin to allow, exactly (repeatable); * for public data', parseItem: parseText,
  },
  {
    key: 'credentials', flag: '--credentials', kind: 'switch', commands: ['policy'], config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'allow cookies and HTTP authentication (Access-Control-Allow-Credentials: true)',
  },
  {
    key: 'methods', flag: '--methods <list>', kind: 'list', commands: ['policy'], envSplit: 'commas', config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'methods a preflight may ask for, comma-separated (default GET,HEAD,POST)', parseItem: parseText,
  },
  {
    key: 'headers', flag: '--headers <list>', kind: 'list', commands: ['policy'], envSplit: 'commas', config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'request headers a preflight may ask for, comma-separated (default Content-Type)', parseItem: parseText,
  },
  {
    key: 'expose', flag: '--expose <list>', kind: 'list', commands: ['policy'], envSplit: 'commas', config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'response headers scripts may read, comma-separated', parseItem: parseText,
  },
  {
    // The policy builder refuses more than 7200 s with the browsers' reason; the bound only keeps the number sane.
    key: 'maxAge', flag: '--max-age <seconds>', kind: 'value', commands: ['policy'], config: FLAGS_ONLY, env: FLAGS_ONLY,
    ...bounded({ min: 0, max: 31_536_000, integer: true, unit: 'seconds' }),
    help: 'preflight cache lifetime, at most 7200 (default 600)',
  },
  {
    key: 'fromReport', flag: '--from-report <file>', kind: 'value', commands: ['policy'], config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'take the trusted origins of every target from a corscan JSON report', parse: parseText,
  },
  {
    key: 'framework', flag: '--framework <name>', kind: 'list', commands: ['policy'], envSplit: 'commas', config: FLAGS_ONLY, env: FLAGS_ONLY, choices: FRAMEWORK_NAMES,
    help: 'print only this framework (repeatable; default all)', parseItem: parseChoice(FRAMEWORK_NAMES),
  },
] as const satisfies readonly OptionDef[];

const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export const DIFF_OPTIONS = [
  {
    key: 'format', flag: '-f, --format <format>', kind: 'value', commands: ['diff'], config: FLAGS_ONLY, env: FLAGS_ONLY, choices: DIFF_FORMATS, default: 'table',
    help: 'output format', parse: parseChoice(DIFF_FORMATS),
  },
  {
    key: 'failOnNew', flag: '--fail-on-new <severity>', kind: 'value', commands: ['diff'], config: FLAGS_ONLY, env: FLAGS_ONLY, choices: SEVERITIES,
    help: 'exit 1 when a new finding is at or above this severity', parse: parseChoice(SEVERITIES),
  },
] as const satisfies readonly OptionDef[];

export const MERGE_OPTIONS = [
  {
    key: 'format', flag: '-f, --format <format[:file]>', kind: 'list', commands: ['merge'], envSplit: 'commas', config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: `report format: ${FORMATS.join(', ')}; repeatable, format:file writes a file (default json)`,
    parseItem: asSubject('--format', (text) => {
      parseOutputs([text], undefined);
      return text.trim();
    }),
  },
  {
    key: 'output', flag: '-o, --output <file>', kind: 'value', commands: ['merge'], config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'write the merged report to a file instead of stdout', parse: parseText,
  },
  {
    key: 'failOn', flag: '--fail-on <severity>', kind: 'value', commands: ['merge'], config: FLAGS_ONLY, env: FLAGS_ONLY, choices: FAIL_ON, default: 'high',
    help: 'exit 1 when a finding is at or above this severity', parse: parseChoice(FAIL_ON),
  },
  {
    key: 'allowIncomplete', flag: '--allow-incomplete', kind: 'switch', commands: ['merge'], config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'exit 0 or 1 even when not every shard of the run is present',
  },
  {
    key: 'allowUnreachable', flag: '--allow-unreachable', kind: 'switch', commands: ['merge'], config: FLAGS_ONLY, env: FLAGS_ONLY,
    help: 'judge the targets that were checked: unreachable targets and partial ones whose gating rules could not judge them do not force exit 2',
  },
  {
    key: 'color', flag: '--color', kind: 'switch', commands: ['merge'], config: FLAGS_ONLY, env: FLAGS_ONLY, auto: true, negation: { flag: '--no-color', help: 'disable colour (NO_COLOR is honoured too)' },
    help: 'force colour',
  },
] as const satisfies readonly OptionDef[];

const RULE_LIST_FORMATS = ['table', 'json'] as const;
export const RULES_OPTIONS = [
  {
    key: 'format', flag: '-f, --format <format>', kind: 'value', commands: ['rules'], config: FLAGS_ONLY, env: FLAGS_ONLY, choices: RULE_LIST_FORMATS, default: 'table',
    help: 'output format', parse: parseChoice(RULE_LIST_FORMATS),
  },
] as const satisfies readonly OptionDef[];
