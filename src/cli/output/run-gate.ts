import { RULES } from '../../rules/index.js';
import type { GateOptions } from './exit-code.js';

/**
 * The gate of a scan and of a merge of its shards, built in one place so both judge alike:
 * the user's `--fail-on`, `--fail-on-new` and `--allow-unreachable`, plus each rule's severity,
 * with which a partial target whose gating rule could not judge it fails the gate (gateResult).
 */
export function gateOptions(settings: Pick<GateOptions, 'failOn' | 'failOnNew' | 'allowUnreachable'>): GateOptions {
  return { ...settings, ruleSeverity: Object.fromEntries(RULES.map((rule) => [rule.id, rule.meta.severity])) };
}
