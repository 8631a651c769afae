import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../../src/fix/frameworks/index.js';
import { runCorscan } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corscan-policy-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('corscan policy', () => {
  it('prints the headers and every framework by default', async () => {
    const run = await runCorscan(['policy', '--origin', 'https://app.example.com', '--credentials', '--methods', 'GET,PUT', '--expose', 'X-Request-Id']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('< Access-Control-Allow-Origin: https://app.example.com');
    expect(run.stdout).toContain('> Access-Control-Request-Method: PUT');
    expect(run.stdout).toContain('Preflight from a refused origin');
    for (const framework of FRAMEWORKS) expect(run.stdout).toContain(`## ${framework.label}\n`);
  });

  it('--framework picks frameworks', async () => {
    const run = await runCorscan(['policy', '--origin', 'https://app.example.com', '--framework', 'nginx', '--framework', 'django']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('## nginx');
    expect(run.stdout).toContain('## Django (django-cors-headers)');
    expect(run.stdout).not.toContain('## Express');
  });

  it.each([
    [['--origin', '*', '--credentials'], /origin \* cannot be combined with credentials/],
    [['--origin', 'null'], /origin null cannot be allowed/],
    [['--origin', 'https://app.example.com', '--max-age', '86400'], /Chromium caps/],
    [['--origin', 'https://app.example.com', '--max-age', 'soon'], /--max-age must be a whole number/],
    [['--origin', 'https://app.example.com', '--framework', 'rails'], /--framework "rails" is not one of/],
    [[], /no origin/],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const run = await runCorscan(['policy', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--from-report groups targets by their trusted origins and infers credentials', async () => {
    // A minimal report that is still valid against the published schema (input files are validated).
    const target = (url: string, declared: string[], learned: string[]) => ({
      url,
      status: 'scanned',
      requests: 1,
      failedRequests: 0,
      trustedOrigins: { declared, learned },
      outcomes: [],
    });
    const report = {
      schemaVersion: 1,
      tool: { name: 'corscan', version: '0.0.0' },
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
      options: { failOn: 'high', rules: ['origin-reflection'], trustedOrigins: [] },
      targets: [
        target('https://api.example.com/a', ['https://app.example.com'], ['https://api.example.com']),
        target('https://api.example.com/b', [], ['https://app.example.com']),
        target('https://other.example.com/', [], []),
      ],
      findings: [
        {
          ruleId: 'origin-reflection',
          messageId: 'reflectedWithCredentials',
          title: 'Arbitrary Origin is reflected',
          message: 'Origin https://evil.test is echoed back with credentials',
          data: { origin: 'https://evil.test' },
          severity: 'critical',
          target: 'https://api.example.com/a',
          evidence: [],
          remediation: 'use an allowlist',
          fingerprint: '0'.repeat(64),
          docsUrl: 'https://github.com/corscan/corscan/blob/main/docs/rules/origin-reflection.md',
        },
      ],
    };
    const file = join(dir, 'report.json');
    await writeFile(file, JSON.stringify(report));
    const run = await runCorscan(['policy', '--from-report', file, '--framework', 'express']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('# CORS policy for https://api.example.com/a\n');
    expect(run.stdout).toContain('# CORS policy for https://api.example.com/b\n');
    expect(run.stdout.match(/credentials: true/g)).toHaveLength(1);
    expect(run.stdout).not.toContain("'https://api.example.com'");
    expect(run.stderr).toContain('https://other.example.com/: no trusted origin known');
  });

  it('--from-report refuses a file that is not a report', async () => {
    const file = join(dir, 'not-a-report.json');
    await writeFile(file, '{"hello":1}');
    const run = await runCorscan(['policy', '--from-report', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a corscan JSON report/);
  });
});
