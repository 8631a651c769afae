import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar } from 'yaml';
import { isSerializedOrigin } from '../cors/origin.js';
import type { TargetSpec } from '../engine/scan.js';
import type { ExpectedPolicy } from '../model/expected-policy.js';
import { UsageError } from '../model/errors.js';
import { SEVERITIES } from '../model/severity.js';
import { parseOutputs } from './formats.js';
import { parseHeaders, positiveNumber } from './options.js';
import {
  asBoolean,
  asNumber,
  asSeq,
  asString,
  asStringList,
  mapPairs,
  pairKey,
  readSourceFile,
  type SourceFile,
} from './source-file.js';
import { normaliseTarget } from './targets.js';

/** Looked for in the working directory, in this order, when no `--config` is given. */
export const CONFIG_FILES = ['corscan.config.json', 'corscan.config.yaml', 'corscan.config.yml'];

/** How a settable option is read from a config file or an environment variable. */
export type OptionKind = 'string' | 'number' | 'boolean' | 'list';

/**
 * Options a config file (camelCase key) and the environment (`CORSCAN_<SNAKE_CASE>`)
 * may set; each mirrors the flag of the same name. Flags win over the environment,
 * which wins over the file.
 */
export const SETTABLE: Record<string, OptionKind> = {
  header: 'list',
  trustedOrigin: 'list',
  format: 'list',
  output: 'string',
  failOn: 'string',
  minSeverity: 'string',
  failOnNew: 'boolean',
  allowUnreachable: 'boolean',
  timeout: 'number',
  insecure: 'boolean',
  resolve: 'list',
  concurrency: 'number',
  perHost: 'number',
  maxPerHost: 'number',
  secretHeader: 'list',
  showSecrets: 'boolean',
  ignoreFile: 'string',
  noIgnores: 'boolean',
  baseline: 'string',
  sarifLocation: 'string',
};

const CHOICES: Record<string, readonly string[]> = { failOn: [...SEVERITIES, 'none'], minSeverity: SEVERITIES };
const NUMBERS: Record<string, boolean> = { timeout: false, concurrency: true, perHost: true, maxPerHost: true };

/** Checks a value from a config file or the environment the way the flag's parser would; `where` names its source. */
export function checkOptionValue(key: string, value: unknown, where?: string): void {
  const choices = CHOICES[key];
  if (choices && !choices.includes(String(value))) {
    throw new UsageError(`${where ? `${where}: ` : ''}"${String(value)}" is not one of ${choices.join(', ')}`);
  }
  if (key in NUMBERS) positiveNumber(where ?? key, NUMBERS[key]!)(String(value));
  if (key === 'format') parseOutputs(value as string[], undefined);
}

/** `failOn` → `CORSCAN_FAIL_ON`. */
export const envName = (key: string): string => `CORSCAN_${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;

/** What a config file contributes. */
export interface LoadedConfig {
  path: string;
  values: Record<string, unknown>;
  targets: TargetSpec[];
}

/** The config file to use: explicit, else the first of CONFIG_FILES in `cwd`. */
export function configFilePath(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) return explicit;
  return CONFIG_FILES.find((name) => existsSync(join(cwd, name)));
}

function readValue(source: SourceFile, node: unknown, key: string, kind: OptionKind): unknown {
  if (kind === 'string') return asString(source, node, key);
  if (kind === 'number') return asNumber(source, node, key);
  if (kind === 'boolean') return asBoolean(source, node, key);
  return asStringList(source, node, key);
}

const EXPECT_KEYS = ['allowedOrigins', 'credentials', 'methods', 'headers', 'exposedHeaders', 'maxAge'];
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function readExpect(source: SourceFile, node: unknown, where: string): ExpectedPolicy {
  const expect: ExpectedPolicy = {};
  for (const pair of mapPairs(source, node, where)) {
    const key = pairKey(pair);
    const at = `${where}.${key}`;
    if (key === 'allowedOrigins') {
      expect.allowedOrigins = asStringList(source, pair.value, at).map((origin) => {
        if (origin !== '*' && !isSerializedOrigin(origin)) throw source.error(pair.value, at, `"${origin}" is not a serialized origin (https://app.example.com) or *`);
        return origin;
      });
    } else if (key === 'credentials') expect.credentials = asBoolean(source, pair.value, at);
    else if (key === 'methods' || key === 'headers' || key === 'exposedHeaders') {
      const list = asStringList(source, pair.value, at);
      const bad = list.find((item) => !TOKEN.test(item));
      if (bad) throw source.error(pair.value, at, `"${bad}" is not a ${key === 'methods' ? 'method' : 'header name'}`);
      expect[key] = key === 'methods' ? list.map((method) => method.toUpperCase()) : list;
    } else if (key === 'maxAge') {
      const value = asNumber(source, pair.value, at);
      if (!Number.isInteger(value) || value < 0) throw source.error(pair.value, at, 'expected a whole number of seconds');
      expect.maxAge = value;
    } else throw source.error(pair.key, at, `unknown key (expected ${EXPECT_KEYS.join(', ')})`);
  }
  return expect;
}

function readTarget(source: SourceFile, node: unknown, where: string): TargetSpec {
  if (isScalar(node)) return { url: wrap(source, node, where, () => normaliseTarget(asString(source, node, where), where)) };
  let spec: TargetSpec | undefined;
  const rest: Omit<TargetSpec, 'url'> = {};
  for (const pair of mapPairs(source, node, where)) {
    const key = pairKey(pair);
    const at = `${where}.${key}`;
    if (key === 'url') spec = { url: wrap(source, pair.value, at, () => normaliseTarget(asString(source, pair.value, at), at)) };
    else if (key === 'headers') {
      const lines = mapPairs(source, pair.value, at).map((header) => `${pairKey(header)}: ${asString(source, header.value, `${at}.${pairKey(header)}`)}`);
      rest.headers = wrap(source, pair.value, at, () => parseHeaders(lines));
    } else if (key === 'trustedOrigins') {
      rest.trustedOrigins = asStringList(source, pair.value, at).map((origin) => {
        if (!isSerializedOrigin(origin)) throw source.error(pair.value, at, `"${origin}" is not a serialized origin (https://app.example.com)`);
        return origin;
      });
    } else if (key === 'expect') rest.expect = readExpect(source, pair.value, at);
    else throw source.error(pair.key, at, 'unknown key (expected url, headers, trustedOrigins, expect)');
  }
  if (!spec) throw source.error(node, `${where}.url`, 'missing');
  return { ...spec, ...rest };
}

/** Re-throws a UsageError from a shared parser with the file and line in front. */
function wrap<T>(source: SourceFile, node: unknown, key: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError) throw source.error(node, key, error.message);
    throw error;
  }
}

/**
 * Loads `corscan.config.json` / `.yaml`: keys mirror the flags (camelCase), plus
 * `targets`, a list of URLs or of `{ url, headers, trustedOrigins, expect }`.
 * Every error names the file, the line and the key.
 */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const source = await readSourceFile(path, 'config file');
  const values: Record<string, unknown> = {};
  const targets: TargetSpec[] = [];
  if (source.root === null || source.root === undefined) return { path, values, targets };
  for (const pair of mapPairs(source, source.root, 'config')) {
    const key = pairKey(pair);
    if (key === 'targets') {
      asSeq(source, pair.value, key).forEach((node, index) => targets.push(readTarget(source, node, `targets[${index}]`)));
    } else if (key === '$schema') {
      continue;
    } else if (key in SETTABLE) {
      const value = readValue(source, pair.value, key, SETTABLE[key]!);
      // Same checks as flags, here where the line is known.
      wrap(source, pair.value, key, () => checkOptionValue(key, value));
      values[key] = value;
    } else {
      throw source.error(pair.key, key, `unknown key (expected targets, ${Object.keys(SETTABLE).join(', ')})`);
    }
  }
  return { path, values, targets };
}

/** Options set through `CORSCAN_*` variables. Lists are split on newlines (and commas for formats and origins). */
export function readEnvOptions(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(SETTABLE)) {
    const name = envName(key);
    const raw = env[name];
    // An empty variable is unset: a CI input left blank must not switch anything on.
    if (raw === undefined || raw.trim() === '') continue;
    if (kind === 'string') values[key] = raw.trim();
    else if (kind === 'number') {
      const number = Number(raw);
      if (!Number.isFinite(number)) throw new UsageError(`${name}="${raw}" is not a number`);
      values[key] = number;
    } else if (kind === 'boolean') {
      if (/^(1|true|yes|on)$/i.test(raw.trim())) values[key] = true;
      else if (/^(0|false|no|off)$/i.test(raw.trim())) values[key] = false;
      else throw new UsageError(`${name}="${raw}" is not true or false`);
    } else {
      const separator = key === 'header' || key === 'resolve' ? /\r?\n/ : /[\r\n,]+/;
      values[key] = raw.split(separator).map((item) => item.trim()).filter((item) => item !== '');
    }
  }
  return values;
}
