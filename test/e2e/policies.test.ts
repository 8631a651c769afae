import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/engine/scan.js';
import { POLICIES } from '../../src/lab/policies.js';
import type { ScanReport } from '../../src/model/report.js';
import { atOrAbove } from '../../src/model/severity.js';
import { runCorscan, type CliRun } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';

let lab: Lab;
const runs = new Map<string, CliRun>();

beforeAll(async () => {
  lab = await startLab();
  // Every policy through the real CLI process and the real loopback server; a few
  // processes at a time, so a busy 2-core machine does not time them out.
  await mapLimit(POLICIES, 4, async (policy) => runs.set(policy.name, await runCorscan(['scan', ...lab.argsFor(policy), '--format', 'json'])));
}, 120_000);

afterAll(() => lab.close());

describe.each(POLICIES.map((policy) => [policy.name, policy] as const))('lab policy %s', (_name, policy) => {
  it(`reports exactly ${policy.expected.join(', ') || 'nothing'}`, () => {
    const run = runs.get(policy.name)!;
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as ScanReport;
    expect([...new Set(report.findings.map((finding) => finding.ruleId))].sort()).toEqual([...policy.expected].sort());
    expect(report.targets[0]!.status).toBe('scanned');
  });

  it('exit code follows the findings (default --fail-on high)', () => {
    const report = JSON.parse(runs.get(policy.name)!.stdout) as ScanReport;
    const gated = report.findings.some((finding) => atOrAbove(finding.severity, 'high'));
    expect(runs.get(policy.name)!.code).toBe(gated ? 1 : 0);
  });

  if (policy.clean) {
    it('clean: no finding at medium or above', () => {
      const report = JSON.parse(runs.get(policy.name)!.stdout) as ScanReport;
      expect(report.findings.filter((finding) => atOrAbove(finding.severity, 'medium'))).toEqual([]);
    });
  }
});
