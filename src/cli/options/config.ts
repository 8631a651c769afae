import { isScalar } from 'yaml';
import { isSerializedOrigin } from '../../cors/origin.js';
import type { TargetSpec } from '../../engine/scan.js';
import type { ExpectedPolicy } from '../../model/expected-policy.js';
import { UsageError } from '../../model/errors.js';
import { didYouMean } from './closest.js';
import type { SourceTexts } from './layer.js';
import { configKey, type OptionDef, type RawText } from './option-kinds.js';
import { parseHeaders } from './options.js';
import { asBoolean, asNumber, asSeq, asString, asStringList, mapPairs, pairKey, readSourceFile, type SourceFile } from '../inputs/source-file.js';
import { normaliseTarget } from '../inputs/targets.js';

/** Looked for in the working directory, in this order, when no `--config` is given. */
export const CONFIG_FILES = ['corscan.config.json', 'corscan.config.yaml', 'corscan.config.yml'];

/** What a config file contributes: option texts (parsed when layered, by the option's parser) and targets. */
export interface LoadedConfig {
  path: string;
  values: SourceTexts;
  targets: TargetSpec[];
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

/** The texts a config node gives for an option: scalars as text (a YAML number or boolean too), lists item by item, each with its line. */
function readTexts(source: SourceFile, node: unknown, key: string, def: OptionDef): RawText[] {
  const text = (item: unknown): RawText => {
    if (!isScalar(item) || item.value === null || typeof item.value === 'object') throw source.error(item, key, def.kind === 'list' ? 'expected a list of strings' : 'expected a single value');
    return { text: String(item.value), subject: `${source.path}:${source.lineOf(item)}: ${key}` };
  };
  if (def.kind === 'list' && !isScalar(node)) return asSeq(source, node, key).map(text);
  return [text(node)];
}

/**
 * Loads `corscan.config.json` / `.yaml`: keys are the options' keys (camelCase, see
 * option-table.ts), plus `targets`, a list of URLs or of `{ url, headers, trustedOrigins,
 * expect }`. Values are parsed later by the option's own parser, with the file and line
 * in the message; an unknown key suggests the closest one.
 */
export async function loadConfig(path: string, table: readonly OptionDef[]): Promise<LoadedConfig> {
  const source = await readSourceFile(path, 'config file');
  const values: SourceTexts = new Map();
  const targets: TargetSpec[] = [];
  if (source.root === null || source.root === undefined) return { path, values, targets };
  const byKey = new Map(table.flatMap((def) => (configKey(def) ? [[configKey(def)!, def] as const] : [])));
  for (const pair of mapPairs(source, source.root, 'config')) {
    const key = pairKey(pair);
    const def = byKey.get(key);
    if (key === 'targets') {
      asSeq(source, pair.value, key).forEach((node, index) => targets.push(readTarget(source, node, `targets[${index}]`)));
    } else if (key === '$schema') {
      continue;
    } else if (def) {
      values.set(def.key, readTexts(source, pair.value, key, def));
    } else {
      const refused = table.find((candidate) => candidate.key === key && typeof candidate.config === 'object' && 'not' in candidate.config);
      if (refused && typeof refused.config === 'object' && 'not' in refused.config) throw source.error(pair.key, key, `not a config key: ${refused.config.not}`);
      throw source.error(pair.key, key, `unknown key${didYouMean(key, ['targets', ...byKey.keys()])} (the keys are the options' names in camelCase; see corscan scan --help)`);
    }
  }
  return { path, values, targets };
}
