import { UsageError } from '../../model/errors.js';

/** The commands; each reads its options from an option table (option-table.ts). */
export type TableCommand = 'scan' | 'demo' | 'policy' | 'diff' | 'merge' | 'rules';

/** What every kind of option shares. */
interface OptionBase<K extends string> {
  /** camelCase name: the settings key, the config-file key and, as CORSCAN_<SNAKE_CASE>, the environment variable. */
  key: K;
  /** commander flags: `-t, --timeout <seconds>`, `--insecure`, `--no-config`. */
  flag: string;
  help: string;
  /** Commands that have the option (one table serves `scan` and `demo`). */
  commands: readonly TableCommand[];
  /**
   * Whether a config file may set it: true (under `key`), another key name (when `key`
   * means something else in the file), or the reason it may not.
   */
  config: true | { key: string } | { not: string };
  /** Whether `CORSCAN_<NAME>` may set it: true, or the reason it may not. */
  env: true | { not: string };
  /** Other variables that set it at the environment's level when CORSCAN_<NAME> is unset (NO_COLOR); returns the text. */
  envAlias?: (env: NodeJS.ProcessEnv) => { name: string; text: string } | undefined;
  /** Another option that cannot be set at the same time at the same precedence level. */
  conflicts?: string;
  /** Shown in --help and the README; values and defaults are listed there too. */
  choices?: readonly string[];
}

/** A single value (`--timeout 10`, `--fail-on high`): `parse` turns the text into the setting. */
export interface ValueOption<K extends string, V> extends OptionBase<K> {
  kind: 'value';
  /** Checks and converts one text value; a UsageError names `subject` (`--timeout`, `CORSCAN_TIMEOUT` or `file:line: timeout`). */
  parse: (text: string, subject: string) => V;
  default?: V;
  /** For numbers: the bounds, which `parse` enforces and the README shows. */
  bounds?: NumberBounds;
}

/** An on/off switch (`--insecure`); `negation` is a second flag that turns it off (`--no-color`). */
export interface SwitchOption<K extends string> extends OptionBase<K> {
  kind: 'switch';
  negation?: { flag: string; help: string };
  /** Unset means "decide by itself" (colour: on a terminal), so the value stays undefined instead of false. */
  auto?: true;
}

/** A repeatable option (`-H` twice); `parseItem` checks each value. */
export interface ListOption<K extends string, I> extends OptionBase<K> {
  kind: 'list';
  parseItem: (text: string, subject: string) => I;
  /** Checks the items one source gave together (two formats to stdout); `subject` names that source. */
  checkAll?: (items: readonly I[], subject: string) => void;
  /**
   * How one environment variable holds several values: one a line, or also
   * comma-separated (not for headers and --resolve, whose values may contain commas).
   */
  envSplit: 'lines' | 'commas';
}

export type OptionDef<K extends string = string> = ValueOption<K, any> | SwitchOption<K> | ListOption<K, any>;

/** The value an option has once read: lists are arrays, switches booleans. */
export type ValueOf<D> = D extends ListOption<string, infer I> ? I[] : D extends SwitchOption<string> ? boolean : D extends ValueOption<string, infer V> ? V : never;

/** Settings read from an option table: `{ timeout: number; header: string[]; ... }` (absent when unset and without a default). */
export type OptionValues<T extends readonly OptionDef[]> = {
  [D in T[number] as D['key']]: D extends { default: unknown } | ListOption<string, unknown>
    ? ValueOf<D>
    : D extends SwitchOption<string> ? (D extends { auto: true } ? boolean | undefined : boolean) : ValueOf<D> | undefined;
};

/** Inclusive limits of a number option. Every number has both: unbounded input overflows timers or never ends. */
export interface NumberBounds {
  min: number;
  max: number;
  integer: boolean;
  /** `seconds`, `per second`... for the error message. */
  unit?: string;
}

/** One value as a source gave it, and how an error names its source: `--timeout`, `CORSCAN_TIMEOUT`, `corscan.config.yaml:3: timeout`. */
export interface RawText {
  text: string;
  subject: string;
}

/** Parses a number within bounds; the message names the subject and the accepted range. */
export function parseBounded(bounds: NumberBounds) {
  return (text: string, subject: string): number => {
    const trimmed = text.trim();
    const value = Number(trimmed);
    // Number('') is 0 and Number('0x10') is 16: only decimal notation is a number here.
    const decimal = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed);
    if (!decimal || !Number.isFinite(value) || value < bounds.min || value > bounds.max || (bounds.integer && !Number.isInteger(value))) {
      const what = bounds.integer ? 'a whole number' : 'a number';
      const unit = bounds.unit ? ` (${bounds.unit})` : '';
      throw new UsageError(`${subject} must be ${what} from ${bounds.min} to ${bounds.max}${unit}, got ${JSON.stringify(text)}`);
    }
    return value;
  };
}

/** Parses one of `choices`. */
export function parseChoice<C extends string>(choices: readonly C[]) {
  return (text: string, subject: string): C => {
    const value = text.trim();
    if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${subject} "${value}" is not one of ${choices.join(', ')}`);
    return value as C;
  };
}

/** Parses the words a CI input or a config file uses for a switch. */
export function parseSwitch(text: string, subject: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text.trim())) return true;
  if (/^(0|false|no|off)$/i.test(text.trim())) return false;
  throw new UsageError(`${subject} "${text}" is not true or false`);
}

/** A non-empty text value. */
export function parseText(text: string, subject: string): string {
  const value = text.trim();
  if (value === '') throw new UsageError(`${subject} is empty`);
  return value;
}

/**
 * Runs a shared parser whose messages name the flag (`--header ... is not "Name: value"`)
 * so that its message names where the value came from instead.
 */
export function asSubject<T>(flag: string, parse: (text: string) => T) {
  return (text: string, subject: string): T => {
    try {
      return parse(text);
    } catch (error) {
      if (!(error instanceof UsageError) || subject === flag) throw error;
      throw new UsageError(error.message.startsWith(flag) ? `${subject}${error.message.slice(flag.length)}` : `${subject}: ${error.message}`);
    }
  };
}

/** The long flag of a definition: `-H, --header <header>` → `--header`. */
export function longFlag(flag: string): string {
  return /--[a-z0-9-]+/.exec(flag)![0];
}

/** `failOn` → `CORSCAN_FAIL_ON`. */
export const envName = (key: string): string => `CORSCAN_${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;

/** The config-file key of an option, or undefined when a file cannot set it. */
export function configKey(def: OptionDef): string | undefined {
  if (def.config === true) return def.key;
  return 'key' in def.config ? def.config.key : undefined;
}
