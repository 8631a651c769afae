import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configKey, envName, longFlag, type OptionDef } from '../../src/cli/options/option-kinds.js';
import { SCAN_OPTIONS } from '../../src/cli/options/option-table.js';
import type { ScanSettings } from '../../src/cli/options/options.js';
import { runCli } from '../../src/cli/commands/program.js';
import { fakeIO } from '../helpers/fake-io.js';
import { testDir } from '../helpers/temp-dir.js';

type Value = string | number | boolean;

/**
 * One row per option of the table: three distinct valid values (a switch has two), what
 * the resolved settings show for them, a value every source must refuse, and arguments
 * the option needs besides itself.
 */
interface Row {
  values: readonly Value[];
  read: (settings: ScanSettings) => unknown;
  bad?: Value;
  extra?: (dir: string) => string[];
  /** Files every run of the row finds in its working directory. */
  files?: Record<string, string>;
}

const dir = testDir('options');
const openapi = (name: string, server?: string) => {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `openapi: 3.1.0\n${server ? `servers:\n  - url: ${server}\n` : ''}paths:\n  /${name}: {get: {}}\n`);
  return path;
};
const emptyConfig = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, '{}\n');
  return path;
};
/** A HAR with one cross-origin GET from https://app.example, with its Cookie and Authorization. */
const har = (name: string, url: string) => {
  const path = join(dir, `${name}.har`);
  const headers = [
    { name: 'Origin', value: 'https://app.example' },
    { name: 'Cookie', value: 'sid=1' },
    { name: 'Authorization', value: 'Bearer t' },
  ];
  const entry = { startedDateTime: '2026-01-01T00:00:00.000Z', request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers, cookies: [], queryString: [] }, response: { status: 200, headers: [] } };
  writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [entry] } }));
  return path;
};
const queryHar = har('query', 'https://api.example/items?page=2');

const ROWS: Record<string, Row> = {
  targets: { values: ['a.txt', 'b.txt', 'c.txt'], read: (s) => s.targetFiles, bad: ' ' },
  header: { values: ['X-A: 1', 'X-B: 2', 'X-C: 3'], read: (s) => ({ ...s.headers }), bad: 'no colon here' },
  trustedOrigin: { values: ['https://a.example', 'https://b.example', 'https://c.example'], read: (s) => s.trustedOrigins, bad: 'not-an-origin' },
  format: { values: ['json', 'sarif', 'markdown'], read: (s) => s.outputs, bad: 'xml' },
  output: { values: ['a.out', 'b.out', 'c.out'], read: (s) => s.outputs, bad: ' ' },
  failOn: { values: ['low', 'medium', 'critical'], read: (s) => s.failOn, bad: 'sometimes' },
  minSeverity: { values: ['low', 'medium', 'critical'], read: (s) => s.minSeverity, bad: 'severe' },
  failOnNew: { values: [true, false], read: (s) => s.failOnNew, bad: 'maybe', extra: () => ['--baseline', 'old.json'] },
  allowUnreachable: { values: [true, false], read: (s) => s.allowUnreachable, bad: 'maybe' },
  config: { values: [emptyConfig('a.json'), emptyConfig('b.json'), emptyConfig('c.json')], read: (s) => s.config, bad: ' ' },
  noConfig: { values: [true, false], read: (s) => s.config?.endsWith('corscan.config.json'), bad: 'maybe', files: { 'corscan.config.json': '{}\n' } },
  ignoreFile: { values: ['a.yaml', 'b.yaml', 'c.yaml'], read: (s) => s.ignoreFile, bad: ' ' },
  noIgnores: { values: [true, false], read: (s) => s.ignoreFile?.endsWith('.corscan-ignore.yaml'), bad: 'maybe', files: { '.corscan-ignore.yaml': 'version: 1\n' } },
  baseline: { values: ['a.json', 'b.json', 'c.json'], read: (s) => s.baseline, bad: ' ' },
  sarifLocation: { values: ['a.txt', 'b.txt', 'c.txt'], read: (s) => s.sarifLocation, bad: ' ' },
  sarifCategory: { values: ['corscan-a', 'corscan-b', 'corscan-c'], read: (s) => s.sarifCategory, bad: ' ' },
  timeout: { values: [1, 2.5, 86_400], read: (s) => s.timeoutMs, bad: 86_401 },
  insecure: { values: [true, false], read: (s) => s.insecure, bad: 'maybe' },
  resolve: { values: ['a.test:443:127.0.0.1', 'b.test:443:127.0.0.1', 'c.test:80:::1'], read: (s) => s.resolve, bad: 'a.test:443' },
  concurrency: { values: [1, 64, 1024], read: (s) => s.concurrency, bad: 1025 },
  perHost: { values: [1, 2, 16], read: (s) => s.perHost, bad: 0 },
  maxPerHost: { values: [6, 10, 256], read: (s) => s.maxPerHost, bad: 257 },
  rateLimit: { values: [0.01, 5, 10_000], read: (s) => s.scale.rateLimit, bad: 1e-9 },
  retries: { values: [0, 3, 10], read: (s) => s.scale.retries, bad: 1e9 },
  maxHostErrors: { values: [0, 5, 1_000_000], read: (s) => s.scale.maxHostErrors, bad: -1 },
  record: { values: ['a.rec', 'b.rec', 'c.rec'], read: (s) => s.scale.record, bad: ' ' },
  replay: { values: ['a.rec', 'b.rec', 'c.rec'], read: (s) => s.scale.replay, bad: ' ' },
  shard: { values: ['1/2', '2/3', '4/4'], read: (s) => s.scale.shard, bad: '3/2' },
  openapi: { values: [openapi('a', 'https://a.example'), openapi('b', 'https://b.example'), openapi('c', 'https://c.example')], read: (s) => [...(s.scale.openapi?.urls() ?? [])], bad: ' ' },
  openapiServer: {
    values: ['https://a.example/', 'https://b.example/', 'https://c.example/'],
    read: (s) => [...(s.scale.openapi?.urls() ?? [])],
    bad: 'ftp://a.example/',
    extra: () => ['--openapi', openapi('serverless')],
  },
  openapiMaxTargets: { values: [1, 500, 1_000_000], read: (s) => s.scale.openapiMaxTargets, bad: 1_000_001 },
  quiet: { values: [true, false], read: (s) => s.scale.quiet, bad: 'maybe' },
  verbose: { values: [true, false], read: (s) => s.scale.verbose, bad: 'maybe' },
  secretHeader: { values: ['X-A', 'X-B', 'X-C'], read: (s) => s.secretHeaders, bad: ' ' },
  showSecrets: { values: [true, false], read: (s) => s.showSecrets, bad: 'maybe' },
  framework: { values: ['express', 'nginx', 'flask'], read: (s) => s.framework, bad: 'rails' },
  poc: { values: ['a', 'b', 'c'], read: (s) => s.poc, bad: ' ' },
  har: { values: [har('a', 'https://a.example/x'), har('b', 'https://b.example/x'), har('c', 'https://c.example/x')], read: (s) => s.harFiles.map((file) => file.path), bad: ' ' },
  harKeepQuery: { values: [true, false], read: (s) => [...s.targetSpecs.keys()], bad: 'maybe', extra: () => ['--har', queryHar] },
  harCredentials: { values: [true, false], read: (s) => [...s.targetSpecs.values()].map((spec) => spec.headers), bad: 'maybe', extra: () => ['--har', queryHar] },
  unsafeMethods: { values: [true, false], read: (s) => s.unsafeMethods, bad: 'maybe' },
  color: { values: [true, false], read: (s) => s.color, bad: 'maybe' },
};

const TARGET = 'https://x.example/';
const byKey = new Map<string, OptionDef>(SCAN_OPTIONS.map((def) => [def.key, def]));

/** Runs `corscan scan` in-process and returns the settings the scan would have run with (or the usage error). */
async function settingsIn(args: string[], sources: { env?: NodeJS.ProcessEnv; config?: string; files?: Record<string, string> } = {}) {
  const cwd = mkdtempSync(join(dir, 'run-'));
  for (const [name, text] of Object.entries(sources.files ?? {})) writeFileSync(join(cwd, name), text);
  if (sources.config !== undefined) writeFileSync(join(cwd, 'corscan.config.yaml'), sources.config);
  const io = fakeIO({ env: sources.env ?? {}, cwd });
  let settings: ScanSettings | undefined;
  const code = await runCli(['scan', TARGET, ...args], io, {
    scan: async (resolved) => {
      settings = resolved;
      return 0;
    },
  });
  return { code, settings, stderr: io.err(), cwd };
}

const flagArgs = (def: OptionDef, value: Value): string[] => {
  if (def.kind !== 'switch') return [longFlag(def.flag), String(value)];
  if (value === true) return [longFlag(def.flag)];
  return def.negation ? [def.negation.flag] : [];
};
const envOf = (def: OptionDef, value: Value) => ({ [envName(def.key)]: String(value) });
// JSON is YAML: a number stays a number, a boolean a boolean; a list option gets a list.
const configOf = (def: OptionDef, value: Value) => `${configKey(def)}: ${JSON.stringify(def.kind === 'list' ? [value] : value)}\n`;

describe('the option table', () => {
  it('has a test row for every option, and every row names a real option', () => {
    expect(Object.keys(ROWS).sort()).toEqual(SCAN_OPTIONS.map((def) => def.key).sort());
  });

  it('every option can be set from the environment and the config file, or says why not', () => {
    for (const def of SCAN_OPTIONS as readonly OptionDef[]) {
      if (def.env !== true) expect(def.env.not, def.key).toMatch(/.{10}/);
      if (def.config !== true && !('key' in def.config)) expect(def.config.not, def.key).toMatch(/.{10}/);
    }
  });

  it('every number has bounds', () => {
    for (const def of SCAN_OPTIONS as readonly OptionDef[]) {
      const row = ROWS[def.key]!;
      if (row.values.every((value) => typeof value === 'number')) expect(def.kind === 'value' && def.bounds, def.key).toBeTruthy();
    }
  });
});

describe.each(Object.entries(ROWS))('option %s', (key, row) => {
  const def = byKey.get(key)!;
  const extra = () => row.extra?.(dir) ?? [];
  const settingsOf = (args: string[], sources: { env?: NodeJS.ProcessEnv; config?: string } = {}) => settingsIn(args, { ...sources, ...(row.files ? { files: row.files } : {}) });
  const canEnv = def.env === true;
  const canConfig = configKey(def) !== undefined;

  it('gives the same setting from a flag, CORSCAN_* and the config file, and different values differ', async () => {
    const reads: unknown[] = [];
    for (const value of row.values) {
      const fromFlag = await settingsOf([...extra(), ...flagArgs(def, value)]);
      expect(fromFlag, `${def.flag} ${String(value)}: ${fromFlag.stderr}`).toMatchObject({ code: 0 });
      const expected = row.read(fromFlag.settings!);
      reads.push(expected);
      if (canEnv) {
        const fromEnv = await settingsOf(extra(), { env: envOf(def, value) });
        expect(fromEnv.stderr, envName(key)).toBe('');
        expect(row.read(fromEnv.settings!), envName(key)).toEqual(expected);
      }
      if (canConfig) {
        const fromConfig = await settingsOf(extra(), { config: configOf(def, value) });
        expect(fromConfig.stderr, `config ${key}`).toBe('');
        expect(row.read(fromConfig.settings!), `config ${key}`).toEqual(expected);
      }
    }
    expect(new Set(reads.map((read) => JSON.stringify(read))).size).toBe(row.values.length);
  });

  it('flags beat CORSCAN_*, which beats the config file', async () => {
    const [a, b, c] = row.values.length === 3 ? row.values : [true, false, true];
    const expectRead = async (value: Value) => row.read((await settingsOf([...extra(), ...flagArgs(def, value)])).settings!);
    if (canEnv && canConfig) {
      const envOverConfig = await settingsOf(extra(), { env: envOf(def, b!), config: configOf(def, a!) });
      expect(row.read(envOverConfig.settings!)).toEqual(await expectRead(b!));
    }
    if (canEnv) {
      const flagOverEnv = await settingsOf([...extra(), ...flagArgs(def, c!)], { env: envOf(def, b!), ...(canConfig ? { config: configOf(def, a!) } : {}) });
      expect(row.read(flagOverEnv.settings!)).toEqual(await expectRead(c!));
    }
    if (canConfig && !canEnv) {
      const flagOverConfig = await settingsOf([...extra(), ...flagArgs(def, c!)], { config: configOf(def, a!) });
      expect(row.read(flagOverConfig.settings!)).toEqual(await expectRead(c!));
    }
  });

  it.runIf(row.bad !== undefined)('refuses a bad value from every source with one message naming the source', async () => {
    const bad = row.bad!;
    const tails: string[] = [];
    if (def.kind !== 'switch') {
      const fromFlag = await settingsOf([...extra(), longFlag(def.flag), String(bad)]);
      expect(fromFlag.code).toBe(2);
      expect(fromFlag.stderr).toMatch(new RegExp(`^corscan: ${longFlag(def.flag)}\\b`));
      tails.push(fromFlag.stderr.slice(`corscan: ${longFlag(def.flag)}`.length));
    }
    // An empty or blank variable counts as unset (a CI input left blank).
    if (canEnv && String(bad).trim() !== '') {
      const fromEnv = await settingsOf(extra(), { env: envOf(def, bad) });
      expect(fromEnv.code).toBe(2);
      expect(fromEnv.stderr).toMatch(new RegExp(`^corscan: ${envName(key)}\\b`));
      tails.push(fromEnv.stderr.slice(`corscan: ${envName(key)}`.length));
    }
    if (canConfig) {
      const fromConfig = await settingsOf(extra(), { config: configOf(def, bad) });
      expect(fromConfig.code).toBe(2);
      const prefix = `corscan: ${join(fromConfig.cwd, 'corscan.config.yaml')}:1: ${configKey(def)}`;
      expect(fromConfig.stderr.startsWith(prefix), fromConfig.stderr).toBe(true);
      tails.push(fromConfig.stderr.slice(prefix.length));
    }
    expect(new Set(tails).size, tails.join(' | ')).toBe(1);
  });
});

const settingsOf = settingsIn;

describe('precedence and files', () => {
  it('--color beats NO_COLOR, CORSCAN_COLOR beats NO_COLOR, NO_COLOR beats the config file', async () => {
    expect((await settingsOf(['--color'], { env: { NO_COLOR: '1' } })).settings!.color).toBe(true);
    expect((await settingsOf([], { env: { NO_COLOR: '1', CORSCAN_COLOR: 'true' } })).settings!.color).toBe(true);
    expect((await settingsOf([], { env: { NO_COLOR: '1' }, config: 'color: true\n' })).settings!.color).toBe(false);
    expect((await settingsOf([], { env: { FORCE_COLOR: '1' } })).settings!.color).toBe(true);
    expect((await settingsOf([])).settings!.color).toBeUndefined();
  });

  it('--no-config reads no config file; CORSCAN_NO_CONFIG too', async () => {
    const bad = 'failOn: sometimes\n';
    expect((await settingsOf([], { config: bad })).code).toBe(2);
    expect((await settingsOf(['--no-config'], { config: bad })).settings!.config).toBeUndefined();
    expect((await settingsOf([], { config: bad, env: { CORSCAN_NO_CONFIG: '1' } })).settings!.config).toBeUndefined();
    expect((await settingsOf(['--no-config', '--config', 'x.yaml'])).stderr).toMatch(/^corscan: --config cannot be used with --no-config/);
  });

  it('warns on stderr when two config files exist, and reads the first', async () => {
    const cwd = mkdtempSync(join(dir, 'two-'));
    writeFileSync(join(cwd, 'corscan.config.json'), '{ "failOn": "low" }\n');
    writeFileSync(join(cwd, 'corscan.config.yaml'), 'failOn: medium\n');
    const io = fakeIO({ cwd });
    let failOn: string | undefined;
    const code = await runCli(['scan', TARGET], io, { scan: async (settings) => ((failOn = settings.failOn), 0) });
    expect(code).toBe(0);
    expect(failOn).toBe('low');
    expect(io.err()).toBe('corscan: warning: corscan.config.json and corscan.config.yaml both exist; reading corscan.config.json (pass --config to choose)\n');
  });

  it('suggests the closest key for a typo in the config file', async () => {
    expect((await settingsOf([], { config: 'targets: []\nfail-on: low\n' })).stderr).toMatch(/corscan\.config\.yaml:2: fail-on: unknown key \(did you mean failOn\?\)/);
    expect((await settingsOf([], { config: 'retry: 2\n' })).stderr).toMatch(/retry: unknown key \(did you mean retries\?\)/);
    expect((await settingsOf([], { config: 'config: other.yaml\n' })).stderr).toMatch(/config: not a config key: a config file cannot name another one/);
  });

  it('conflicting options: the higher level wins, the same level is an error', async () => {
    expect((await settingsOf(['--verbose'], { config: 'quiet: true\n' })).settings!.scale).toMatchObject({ verbose: true, quiet: false });
    expect((await settingsOf(['--quiet'], { env: { CORSCAN_VERBOSE: '1' } })).settings!.scale).toMatchObject({ verbose: false, quiet: true });
    expect((await settingsOf(['--quiet', '--verbose'])).stderr).toMatch(/^corscan: --quiet cannot be used with --verbose/);
    expect((await settingsOf(['--show-secrets', '--secret-header', 'X-Key'])).code).toBe(2);
  });
});

describe('bounded numbers (issue 14 item 11)', () => {
  it.each([
    ['--timeout', '3000000', /--timeout must be a number from 0.001 to 86400 \(seconds\)/],
    ['--timeout', '1e308', /--timeout must be/],
    ['--timeout', '0.0001', /--timeout must be/],
    ['--rate-limit', '1e-9', /--rate-limit must be a number from 0.01 to 10000/],
    ['--retries', '1e9', /--retries must be a whole number from 0 to 10/],
    ['--concurrency', '100000000', /--concurrency must be a whole number from 1 to 1024/],
    ['--per-host', '100000', /--per-host must be a whole number from 1 to 256/],
    ['--max-host-errors', '0x10', /--max-host-errors must be a whole number/],
    ['--timeout', '', /--timeout must be/],
  ])('%s %s is a usage error', async (flag, value, message) => {
    const run = await settingsOf([flag, value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('the other commands read their tables too', () => {
  const run = async (args: string[]) => {
    const io = fakeIO({ cwd: dir });
    return { code: await runCli(args, io), stdout: io.out(), stderr: io.err() };
  };

  it.each([
    [['policy', '--origin', 'https://app.example.com', '--max-age', 'soon'], /^corscan: --max-age must be a whole number from 0 to 31536000 \(seconds\), got "soon"\n$/],
    [['policy', '--origin', 'https://app.example.com', '--framework', 'rails'], /^corscan: --framework "rails" is not one of express, /],
    [['diff', 'a.json', 'b.json', '--format', 'xml'], /^corscan: --format "xml" is not one of table, json, markdown\n$/],
    [['diff', 'a.json', 'b.json', '--fail-on-new', 'huge'], /^corscan: --fail-on-new "huge" is not one of info, /],
    [['merge', 'a.json', '--fail-on', 'sometimes'], /^corscan: --fail-on "sometimes" is not one of /],
    [['rules', '--format', 'yaml'], /^corscan: --format "yaml" is not one of table, json\n$/],
  ])('%j is refused by the table', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('policy lists, switches and numbers arrive typed', async () => {
    const result = await run(['policy', '--origin', 'https://app.example.com', '--credentials', '--methods', 'PUT', '--max-age', '60', '--framework', 'express']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Access-Control-Allow-Methods: PUT/);
    expect(result.stdout).toMatch(/Access-Control-Max-Age: 60/);
    expect(result.stdout).toMatch(/express/i);
    expect(result.stdout).not.toMatch(/nginx/i);
  });

  it('rules -f json prints the catalogue as JSON', async () => {
    const result = await run(['rules', '-f', 'json']);
    expect(result.code).toBe(0);
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
  });
});

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Options'), readme.indexOf('\n### ', readme.indexOf('### Options') + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));

  it('the options table lists exactly the flags of the option table', () => {
    const documented = rows.flatMap((row) => [...row.split(' | ')[0]!.matchAll(/--[a-z0-9-]+/g)].map((match) => match[0]));
    const defined = (SCAN_OPTIONS as readonly OptionDef[]).flatMap((def) => [longFlag(def.flag), ...(def.kind === 'switch' && def.negation ? [def.negation.flag] : [])]);
    expect([...new Set(documented)].sort()).toEqual(defined.sort());
  });

  it('states each default and each number range of the option table', () => {
    for (const def of SCAN_OPTIONS as readonly OptionDef[]) {
      const row = rows.find((line) => line.split(' | ')[0]!.includes(longFlag(def.flag)))!;
      if ('default' in def && def.default !== undefined) expect(row, def.key).toContain(`\`${String(def.default)}\``);
      if (def.kind === 'value' && def.bounds) expect(row, def.key).toContain(`${def.bounds.min}–${def.bounds.max.toLocaleString('en-US')}`);
    }
  });
});
