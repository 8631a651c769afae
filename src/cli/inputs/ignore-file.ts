import { existsSync } from 'node:fs';
import { isScalar } from 'yaml';
import type { IgnoreEntry } from '../../engine/suppress.js';
import { findRule, RULES } from '../../rules/index.js';
import { didYouMean } from '../options/closest.js';
import { asSeq, asString, mapPairs, pairKey, readSourceFile } from './source-file.js';

/** Discovered in the working directory when no `--ignore-file` is given. */
export const DEFAULT_IGNORE_FILE = '.corscan-ignore.yaml';

const ENTRY_KEYS = ['rule', 'target', 'reason', 'expires'];

/** The ignore file to use: the explicit one, else `.corscan-ignore.yaml` when it exists. */
export function ignoreFilePath(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) return explicit;
  return existsSync(`${cwd}/${DEFAULT_IGNORE_FILE}`) ? DEFAULT_IGNORE_FILE : undefined;
}

/**
 * Loads an ignore file:
 *
 *     version: 1
 *     ignores:
 *       - rule: wildcard-origin
 *         target: "https://status.example.com/**"
 *         reason: public status JSON
 *         expires: 2027-03-31
 *
 * `reason` is required (an exception nobody can explain is a finding nobody owns);
 * unknown rule ids are errors, so a typo never silently ignores nothing.
 */
export async function loadIgnoreFile(path: string): Promise<IgnoreEntry[]> {
  const source = await readSourceFile(path, 'ignore file');
  if (source.root === null || source.root === undefined) return [];
  let ignoresNode: unknown;
  for (const pair of mapPairs(source, source.root, 'ignore file')) {
    const key = pairKey(pair);
    if (key === 'version') {
      if (!isScalar(pair.value) || pair.value.value !== 1) throw source.error(pair.value ?? pair.key, 'version', 'only version 1 is known');
    } else if (key === 'ignores') ignoresNode = pair.value;
    else throw source.error(pair.key, key, 'unknown key (expected version, ignores)');
  }
  if (ignoresNode === undefined || (isScalar(ignoresNode) && ignoresNode.value === null)) return [];
  return asSeq(source, ignoresNode, 'ignores').map((node, index) => {
    const where = `ignores[${index}]`;
    const fields: Partial<Record<string, string>> = {};
    for (const pair of mapPairs(source, node, where)) {
      const key = pairKey(pair);
      if (!ENTRY_KEYS.includes(key)) throw source.error(pair.key, `${where}.${key}`, `unknown key (expected ${ENTRY_KEYS.join(', ')})`);
      // YAML reads an unquoted 2027-03-31 as a string under the core schema; keep it as written.
      fields[key] = asString(source, pair.value, `${where}.${key}`).trim();
    }
    if (!fields['rule']) throw source.error(node, `${where}.rule`, 'missing: every entry names the rule it ignores');
    if (!findRule(fields['rule'])) throw source.error(node, `${where}.rule`, `unknown rule id "${fields['rule']}"${didYouMean(fields['rule'], RULES.map((rule) => rule.id))} (see corscan rules)`);
    if (!fields['reason']) throw source.error(node, `${where}.reason`, 'missing: every entry says why the finding is acceptable');
    const expires = fields['expires'];
    if (expires !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(expires)))) {
      throw source.error(node, `${where}.expires`, `"${expires}" is not a date (YYYY-MM-DD)`);
    }
    return {
      rule: fields['rule'],
      ...(fields['target'] ? { target: fields['target'] } : {}),
      reason: fields['reason'],
      ...(expires ? { expires } : {}),
      source: `${path}#${index + 1}`,
    };
  });
}
