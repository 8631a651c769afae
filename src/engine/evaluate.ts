import type { Observations } from '../model/observation.js';
import type { RuleOutcome } from '../model/report.js';
import type { MessageData, Rule } from '../model/rule.js';
import type { ProbeId, ProbeSpec } from '../model/probe.js';
import type { Severity } from '../model/severity.js';

/** A rule hit with the rule it came from. */
export interface RuleResult {
  rule: Rule;
  messageId: string;
  data: MessageData;
  evidence: ProbeId[];
  severity: Severity;
}

/** How many planned probes serve the rule's families, the first of them, and whether any was answered. */
function requiredProbes(rule: Rule, obs: Observations): { count: number; first: ProbeSpec | undefined; answered: boolean } {
  let count = 0;
  let first: ProbeSpec | undefined;
  let answered = false;
  for (const spec of obs.planned) {
    if (!spec.families.some((family) => rule.requires.includes(family))) continue;
    count += 1;
    first ??= spec;
    answered ||= obs.get(spec.id) !== undefined;
  }
  return { count, first, answered };
}

/**
 * Runs every rule on one target's observations. A rule that throws is isolated:
 * its outcome is `error` and the other rules still run.
 */
export function evaluate(rules: readonly Rule[], obs: Observations): { outcomes: RuleOutcome[]; results: RuleResult[] } {
  const outcomes: RuleOutcome[] = [];
  const results: RuleResult[] = [];
  for (const rule of rules) {
    const applies = rule.appliesTo?.(obs.site) ?? true;
    if (applies !== true) {
      outcomes.push({ ruleId: rule.id, status: 'not-applicable', reason: applies });
      continue;
    }
    const required = requiredProbes(rule, obs);
    if (required.count === 0) {
      outcomes.push({ ruleId: rule.id, status: 'not-applicable', reason: 'no probe of this rule applies to the target' });
      continue;
    }
    if (!required.answered) {
      const first = obs.error(required.first!.id);
      outcomes.push({
        ruleId: rule.id,
        status: 'error',
        reason: `all ${required.count} probes of this rule failed${first ? ` (${first.code})` : ''}`,
      });
      continue;
    }
    try {
      const covered = rule.coveredBy?.(obs);
      if (covered !== undefined) {
        outcomes.push({ ruleId: rule.id, status: 'not-applicable', reason: covered });
        continue;
      }
      const returned = rule.check(obs);
      const hits = returned === undefined ? [] : Array.isArray(returned) ? returned : [returned];
      for (const hit of hits) {
        results.push({
          rule,
          messageId: hit.messageId,
          data: hit.data as MessageData,
          evidence: hit.evidence,
          severity: hit.severity ?? rule.meta.severity,
        });
      }
      outcomes.push({ ruleId: rule.id, status: hits.length > 0 ? 'fail' : 'pass' });
    } catch (error) {
      outcomes.push({ ruleId: rule.id, status: 'error', reason: `rule crashed: ${(error as Error)?.message ?? String(error)}` });
    }
  }
  return { outcomes, results };
}
