import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICIES } from '../../src/lab/policies.js';
import { LAB_HOST, type LabPolicy } from '../../src/lab/policy.js';
import type { ScanReport } from '../../src/model/report.js';
import { atOrAbove } from '../../src/model/severity.js';
import { runCorscan, type CliRun } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';

let lab: Lab;
/** One real CLI process per set of --trusted-origin values, scanning all its policies at once. */
const groups = new Map<string, { policies: LabPolicy[]; run?: CliRun; report?: ScanReport }>();
for (const policy of POLICIES) {
  const key = JSON.stringify(policy.trustedOrigins ?? []);
  if (!groups.has(key)) groups.set(key, { policies: [] });
  groups.get(key)!.policies.push(policy);
}
const groupOf = (policy: LabPolicy) => groups.get(JSON.stringify(policy.trustedOrigins ?? []))!;

beforeAll(async () => {
  lab = await startLab();
  // Every policy through the real CLI process and the real loopback server. Batching the
  // targets keeps the process count at a handful however many policies the lab grows.
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const trusted = group.policies[0]!.trustedOrigins ?? [];
      group.run = await runCorscan(
        [
          'scan',
          ...group.policies.map((policy) => lab.targetOf(policy.name)),
          '--resolve',
          `${LAB_HOST}:${lab.port}:127.0.0.1`,
          ...trusted.flatMap((origin) => ['--trusted-origin', origin]),
          '--format',
          'json',
        ],
        { timeoutMs: 55_000 },
      );
      group.report = JSON.parse(group.run.stdout) as ScanReport;
    }),
  );
}, 60_000);

afterAll(() => lab.close());

const findingsOf = (policy: LabPolicy) => groupOf(policy).report!.findings.filter((finding) => finding.target === lab.targetOf(policy.name));

describe.each(POLICIES.map((policy) => [policy.name, policy] as const))('lab policy %s', (_name, policy) => {
  it(`reports exactly ${policy.expected.join(', ') || 'nothing'}`, () => {
    const group = groupOf(policy);
    expect(group.run!.stderr).toBe('');
    expect([...new Set(findingsOf(policy).map((finding) => finding.ruleId))].sort()).toEqual([...policy.expected].sort());
    expect(group.report!.targets.find((target) => target.url === lab.targetOf(policy.name))?.status).toBe('scanned');
  });

  if (policy.clean) {
    it('clean: no finding at medium or above', () => {
      expect(findingsOf(policy).filter((finding) => atOrAbove(finding.severity, 'medium'))).toEqual([]);
    });
  }
});

describe('exit codes', () => {
  it('follow the findings of each run (default --fail-on high)', () => {
    for (const group of groups.values()) {
      const gated = group.report!.findings.some((finding) => atOrAbove(finding.severity, 'high'));
      expect(group.run!.code, group.policies.map((policy) => policy.name).join(', ')).toBe(gated ? 1 : 0);
    }
  });

  it('a run of clean policies only exits 0', async () => {
    const clean = POLICIES.filter((policy) => policy.clean && (policy.trustedOrigins ?? []).length === 0);
    const run = await runCorscan(['scan', ...clean.map((policy) => lab.targetOf(policy.name)), '--resolve', `${LAB_HOST}:${lab.port}:127.0.0.1`]);
    expect(run.code).toBe(0);
  });
});
