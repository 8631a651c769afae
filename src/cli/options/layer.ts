import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetSpec } from '../../engine/scan.js';
import { UsageError } from '../../model/errors.js';
import { CONFIG_FILES, loadConfig } from './config.js';
import { ignoreFilePath } from '../inputs/ignore-file.js';
import type { CliIO } from '../io.js';
import { envName, parseSwitch, type OptionDef, type OptionValues, type RawText } from './option-kinds.js';
import type { SCAN_OPTIONS, ScanOptionValues } from './option-table.js';

/** Where a setting came from, highest precedence first. */
export const LEVELS = ['flag', 'env', 'config', 'default'] as const;
export type Level = (typeof LEVELS)[number];

/** The values one source gave, per option key, before parsing. */
export type SourceTexts = Map<string, RawText[]>;

/** Options set through `CORSCAN_*` variables (and NO_COLOR-style aliases). An empty variable is unset: a CI input left blank must not switch anything on. */
export function readEnvTexts(table: readonly OptionDef[], env: NodeJS.ProcessEnv): SourceTexts {
  const texts: SourceTexts = new Map();
  for (const def of table) {
    if (def.env !== true) continue;
    const name = envName(def.key);
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      const alias = def.envAlias?.(env);
      if (alias) texts.set(def.key, [{ text: alias.text, subject: alias.name }]);
      continue;
    }
    const items = def.kind === 'list' ? raw.split(def.envSplit === 'lines' ? /\r?\n/ : /[\r\n,]+/).filter((item) => item.trim() !== '') : [raw];
    texts.set(def.key, items.map((text) => ({ text, subject: name })));
  }
  return texts;
}

/** Parses what one source gave for `def`; every problem is a UsageError naming the source. */
function parseTexts(def: OptionDef, texts: readonly RawText[]): unknown {
  if (def.kind === 'list') {
    const items = texts.map(({ text, subject }) => def.parseItem(text, subject));
    def.checkAll?.(items, texts[0]!.subject);
    return items;
  }
  // A single value given twice: the last one counts, as on a command line.
  const { text, subject } = texts[texts.length - 1]!;
  return def.kind === 'switch' ? parseSwitch(text, subject) : def.parse(text, subject);
}

/** Whether a parsed value sets something (a switch that is on, a list that is not empty). */
const isSet = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false);

const unset = (def: OptionDef): unknown => (def.kind === 'list' ? [] : def.kind === 'switch' ? (def.auto ? undefined : false) : def.default);

/** The options of one run: values, where each came from, and the config file's targets. */
export interface LayeredOptions {
  values: ScanOptionValues;
  levels: Record<string, Level>;
  /** How an error or note names the source of each set option. */
  subjects: Record<string, string>;
  /** The config file read, if any. */
  configPath?: string;
  configTargets: TargetSpec[];
}

/**
 * Merges sources by precedence (flags > environment > config file > defaults). Each
 * source's values are parsed by the table's parser whether or not they end up used:
 * a broken config line is an error even on a run whose flag overrides it.
 * Two conflicting options set at different levels: the higher one wins, the other is
 * dropped (a config file's `quiet` does not block `--verbose`); at the same level it is a
 * usage error.
 */
export function layer<T extends readonly OptionDef[]>(
  table: T,
  sources: Partial<Record<Exclude<Level, 'default'>, SourceTexts>>,
  defaults: Record<string, unknown> = {},
): { values: OptionValues<T>; levels: Record<string, Level>; subjects: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const levels: Record<string, Level> = {};
  const subjects: Record<string, string> = {};
  for (const def of table) {
    values[def.key] = def.key in defaults ? defaults[def.key] : unset(def);
    levels[def.key] = 'default';
    // Lowest level first, so higher ones overwrite; every given value is parsed.
    for (const level of ['config', 'env', 'flag'] as const) {
      const texts = sources[level]?.get(def.key);
      if (!texts?.length) continue;
      values[def.key] = parseTexts(def, texts);
      levels[def.key] = level;
      subjects[def.key] = texts[texts.length - 1]!.subject;
    }
  }
  for (const def of table) {
    const other = def.conflicts ? table.find((candidate) => candidate.key === def.conflicts) : undefined;
    if (!other || !isSet(values[def.key]) || !isSet(values[other.key])) continue;
    const [mine, theirs] = [LEVELS.indexOf(levels[def.key]!), LEVELS.indexOf(levels[other.key]!)];
    if (mine === theirs) throw new UsageError(`${subjects[def.key]} cannot be used with ${subjects[other.key]}`);
    const loser = mine > theirs ? def : other;
    values[loser.key] = unset(loser);
    levels[loser.key] = 'default';
    delete subjects[loser.key];
  }
  return { values: values as OptionValues<T>, levels, subjects };
}

/** The config file to read: none with --no-config, the one named, else the first of CONFIG_FILES in `cwd` (a note when several exist). */
function findConfig(explicit: string | undefined, cwd: string, warn: (text: string) => void): string | undefined {
  if (explicit) return explicit;
  const present = CONFIG_FILES.filter((name) => existsSync(join(cwd, name)));
  if (present.length > 1) warn(`${present.join(' and ')} both exist; reading ${present[0]} (pass --config to choose)`);
  return present[0] && inDirectory(present[0], cwd);
}

/** A file found in `cwd`, named relative as the user sees it when `cwd` is the process's own (errors and the report quote it). */
const inDirectory = (name: string, cwd: string): string => (cwd === process.cwd() ? name : join(cwd, name));

/**
 * Reads every source of `scan`'s options: flags (recorded by commander), `CORSCAN_*`,
 * the config file (found after --config / --no-config are known), then the ignore file
 * that applies.
 */
export async function readScanOptions(table: typeof SCAN_OPTIONS, flags: SourceTexts, io: CliIO): Promise<LayeredOptions> {
  const cwd = io.cwd ?? process.cwd();
  const env = readEnvTexts(table, io.env);
  // --config and --no-config decide which file to read, so they are layered first.
  const configOptions = table.filter((def) => def.key === 'config' || def.key === 'noConfig');
  const { values: chosen } = layer(configOptions, { flag: flags, env });
  const configPath = chosen.noConfig ? undefined : findConfig(chosen.config, cwd, (text) => io.stderr.write(`corscan: warning: ${text}\n`));
  const config = configPath ? await loadConfig(configPath, table) : undefined;
  const layered = layer(table, { flag: flags, env, ...(config ? { config: config.values } : {}) });
  const { values } = layered;
  if (configPath) values.config = configPath;
  const found = values.noIgnores ? undefined : ignoreFilePath(values.ignoreFile, cwd);
  values.ignoreFile = found && (found === values.ignoreFile ? found : inDirectory(found, cwd));
  return { ...layered, ...(configPath ? { configPath } : {}), configTargets: config?.targets ?? [] };
}
