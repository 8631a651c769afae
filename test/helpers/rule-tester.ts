import { describe, expect, it } from 'vitest';
import type { SiteInfo } from '../../src/model/observation.js';
import type { Rule } from '../../src/model/rule.js';
import type { Severity } from '../../src/model/severity.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { observations, type ViewInput } from './views.js';

export interface RuleCase {
  name: string;
  views: Record<string, ViewInput>;
  site?: Partial<SiteInfo>;
}

export interface InvalidRuleCase extends RuleCase {
  findings: Array<{ messageId: string; severity?: Severity; data?: Record<string, string>; evidence?: string[] }>;
}

/**
 * ESLint-style rule tester: valid cases must give no finding, invalid ones exactly
 * the listed findings (matched partially). Every rule also gets two automatic
 * cases: all probes failed, and no CORS headers at all.
 */
export function runRuleTests(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidRuleCase[] }): void {
  const run = (testCase: RuleCase) => {
    const obs = observations(testCase.views, testCase.site);
    const { outcomes, results } = evaluate([rule], obs);
    return { outcome: outcomes[0]!, results };
  };

  describe(rule.id, () => {
    it('has valid and invalid cases', () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });

    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        const { outcome, results } = run(testCase);
        expect(results).toEqual([]);
        expect(outcome.status).not.toBe('error');
      });
    }

    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const { outcome, results } = run(testCase);
        expect(outcome.status).toBe('fail');
        const obs = observations(testCase.views, testCase.site);
        for (const result of results) {
          expect(Object.keys(rule.messages)).toContain(result.messageId);
          // Evidence must name probes that were answered, so reports can show them.
          for (const id of result.evidence) expect(obs.get(id), `evidence ${id}`).toBeDefined();
          expect(typeof rule.messages[result.messageId]!(result.data as never)).toBe('string');
        }
        expect(results.map(({ messageId, severity, data, evidence }) => ({ messageId, severity, data, evidence }))).toMatchObject(
          testCase.findings.map((finding) => ({
            messageId: finding.messageId,
            ...(finding.severity ? { severity: finding.severity } : {}),
            ...(finding.data ? { data: finding.data } : {}),
            ...(finding.evidence ? { evidence: finding.evidence } : {}),
          })),
        );
        expect(results).toHaveLength(testCase.findings.length);
      });
    }

    it('automatic: every required probe failed → error outcome, no finding', () => {
      const views: Record<string, ViewInput> = {};
      for (const family of rule.requires) {
        views[`simple:${family}`] = { families: [family], error: { code: 'ERR_PROBE_TIMEOUT', message: 'timeout' } };
      }
      const { outcome, results } = run({ name: 'all failed', views });
      expect(results).toEqual([]);
      expect(outcome.status).toBe('error');
    });

    it('automatic: no CORS headers at all → no finding', () => {
      const views: Record<string, ViewInput> = {};
      for (const family of rule.requires) views[`simple:${family}`] = { families: [family] };
      const { results } = run({ name: 'no cors', views });
      expect(results).toEqual([]);
    });
  });
}
