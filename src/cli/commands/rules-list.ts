import { RULES } from '../../rules/index.js';

/** The rule catalogue, for `corscan rules`. */
export function renderRuleList(format: 'table' | 'json'): string {
  if (format === 'json') {
    const rules = RULES.map((rule) => ({ id: rule.id, ...rule.meta, requires: rule.requires }));
    return `${JSON.stringify(rules, null, 2)}\n`;
  }
  const width = Math.max(...RULES.map((rule) => rule.id.length));
  return `${RULES.map((rule) => `${rule.id.padEnd(width)}  ${rule.meta.severity.padEnd(8)}  ${rule.meta.category.padEnd(12)}  ${rule.meta.title}`).join('\n')}\n`;
}
