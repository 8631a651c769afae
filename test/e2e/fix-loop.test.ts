import { mkdtemp, rm } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPolicy } from '../../src/lab/policies.js';
import { LAB_FRONTEND, LAB_HOST } from '../../src/lab/policy.js';
import type { ScanReport } from '../../src/model/report.js';
import { atOrAbove } from '../../src/model/severity.js';
import { APP_STARTERS } from '../helpers/apps.js';
import { runCorscan } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';

/**
 * The "done when", through the real CLI: scan a misconfigured lab policy, read
 * the corrected headers in the report, ask `corscan policy --from-report` for a
 * framework's configuration, apply it to the real middleware, rescan: nothing at medium+.
 */

let lab: Lab;
let dir: string;
let report: ScanReport;
let reportFile: string;

beforeAll(async () => {
  lab = await startLab();
  dir = await mkdtemp(join(tmpdir(), 'corscan-fix-loop-'));
  reportFile = join(dir, 'report.json');
  const policy = findPolicy('reflect-any-with-credentials')!;
  const run = await runCorscan(['scan', ...lab.argsFor(policy), '--trusted-origin', LAB_FRONTEND, '--format', 'json', '--output', reportFile]);
  expect(run.code).toBe(1);
  report = JSON.parse(await readFile(reportFile, 'utf8')) as ScanReport;
}, 60_000);

afterAll(async () => {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
});

/** The body of the first fenced code block after a `## <label>` heading. */
function snippetOf(text: string, label: string): string {
  const start = text.indexOf(`## ${label}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(text.slice(start));
  return match![1]!;
}

describe('scan, fix, rescan', () => {
  it('the report carries the corrected headers for the trusted origin', () => {
    const finding = report.findings.find((f) => f.ruleId === 'origin-reflection')!;
    expect(finding.remediation).toContain(
      `answer \`Origin: ${LAB_FRONTEND}\` with \`Access-Control-Allow-Origin: ${LAB_FRONTEND}\`, \`Access-Control-Allow-Credentials: true\`, \`Vary: Origin\``,
    );
    expect(finding.remediation).toContain(`corscan policy --origin ${LAB_FRONTEND} --credentials`);
  });

  it('scan --framework prints the fixed configuration under the target, in the same report', async () => {
    const policy = findPolicy('reflect-any-with-credentials')!;
    const run = await runCorscan(['scan', ...lab.argsFor(policy), '--trusted-origin', LAB_FRONTEND, '--framework', 'express', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const fix = run.stdout.slice(run.stdout.indexOf('    Fix for Express (cors):'));
    expect(fix).toContain(`        origin: ['${LAB_FRONTEND}'],\n          credentials: true,`);
    expect(run.stdout.indexOf('    Fix for Express (cors):')).toBeGreaterThan(run.stdout.indexOf('origin-reflection'));
  }, 60_000);

  it.each([
    ['express', 'Express (cors)'],
    ['fastify', 'Fastify (@fastify/cors)'],
    ['koa', 'Koa (@koa/cors)'],
    ['hono', 'Hono (hono/cors)'],
  ])('%s: the configuration from the report, applied and rescanned, has no finding at medium or above', async (name, label) => {
    const policyRun = await runCorscan(['policy', '--from-report', reportFile, '--framework', name]);
    expect(policyRun.code).toBe(0);
    expect(policyRun.stdout).toContain('credentials: yes');
    const app = await APP_STARTERS[name]!(snippetOf(policyRun.stdout, label));
    try {
      const target = `http://${LAB_HOST}:${app.port}/v1/me`;
      const rescan = await runCorscan(['scan', target, '--resolve', `${LAB_HOST}:${app.port}:127.0.0.1`, '--trusted-origin', LAB_FRONTEND, '--format', 'json']);
      const fixed = JSON.parse(rescan.stdout) as ScanReport;
      expect(fixed.targets[0]!.status).toBe('scanned');
      expect(fixed.findings.filter((f) => atOrAbove(f.severity, 'medium')).map((f) => f.ruleId)).toEqual([]);
      expect(rescan.code).toBe(0);
    } finally {
      await app.close();
    }
  }, 60_000);
});
