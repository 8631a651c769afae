import { Option, type Command } from 'commander';
import type { SourceTexts } from './layer.js';
import { longFlag, type OptionDef, type TableCommand } from './option-kinds.js';

/** The --help line of an option: its text, then choices, range and default from the table. */
export function helpText(def: OptionDef, defaults: Record<string, unknown> = {}): string {
  const notes: string[] = [];
  if (def.choices) notes.push(`one of ${def.choices.join(', ')}`);
  if (def.kind === 'value' && def.bounds) notes.push(`${def.bounds.min} to ${def.bounds.max}`);
  const fallback = def.key in defaults ? defaults[def.key] : 'default' in def ? def.default : undefined;
  if (fallback !== undefined && fallback !== false) notes.push(`default ${String(fallback)}`);
  return notes.length > 0 ? `${def.help} (${notes.join('; ')})` : def.help;
}

/**
 * Adds a table's options to a commander command and returns what the command line gave,
 * as text per option key, filled while commander parses. commander only tokenises:
 * values are parsed later by the table's parsers, the same ones the environment and the
 * config file go through, so a bad value gets the same message from every source.
 */
export function addTableOptions(command: Command, table: readonly OptionDef[], name: TableCommand, defaults: Record<string, unknown> = {}): SourceTexts {
  const given: SourceTexts = new Map();
  const record = (def: OptionDef, flag: string, text: string) => {
    // A single value given twice keeps both here; layering takes the last, as commander would.
    given.set(def.key, [...(given.get(def.key) ?? []), { text, subject: flag }]);
  };
  for (const def of table) {
    if (!def.commands.includes(name)) continue;
    const option = new Option(def.flag, helpText(def, defaults));
    command.addOption(option);
    // A `--no-x` switch turns its own setting on (`--no-config` sets noConfig).
    command.on(`option:${option.name()}`, (value?: string) => record(def, longFlag(def.flag), value ?? 'true'));
    if (def.kind === 'switch' && def.negation) {
      const negation = new Option(def.negation.flag, def.negation.help);
      command.addOption(negation);
      command.on(`option:${negation.name()}`, () => record(def, def.negation!.flag, 'false'));
    }
  }
  return given;
}
