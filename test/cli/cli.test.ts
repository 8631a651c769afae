import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPolicy } from '../../src/lab/policies.js';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';
import { testDir } from '../helpers/temp-dir.js';

let lab: Lab;
const dir = testDir('cli');
const reflect = () => lab.argsFor(findPolicy('reflect-any-with-credentials')!);

beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => lab.close());

describe('exit codes and usage errors', () => {
  it('--version prints the package version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCorscan(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('--help shows examples and exits 0', async () => {
    const run = await runCorscan(['scan', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
  });

  it.concurrent.each([
    [['scan'], /no target/],
    [['scan', 'not a url'], /not a valid URL/],
    [['scan', 'file:///etc/passwd'], /scheme file:/],
    [['scan', 'javascript:alert(1)'], /scheme javascript:/],
    [['scan', 'ftp://example.test/'], /scheme ftp:/],
    [['scan', 'https://user:pw@example.test/'], /contains credentials/],
    [['scan', 'https://example.test', '--fail-on', 'huge'], /--fail-on "huge" is not one of info, low, medium, high, critical, none/],
    [['scan', 'https://example.test', '--bogus'], /unknown option/],
    [['scan', 'https://example.test', '--header', 'no colon'], /not "Name: value"/],
    [['scan', 'https://example.test', '--timeout', '0'], /--timeout must be a number from 0.001 to 86400/],
    [['scan', 'https://example.test', '--trusted-origin', 'app.example.test'], /not an http\(s\) origin/],
    [['scan', 'https://example.test', '--resolve', 'example.test:443'], /host:port:address/],
    [['scan', '--targets', '/nonexistent/targets.txt'], /cannot be read \(ENOENT\)/],
    [['scan', 'http://exa mple.test/'], /not a valid URL/],
    [['scan', 'data:text/html,<script>'], /scheme data:/],
    [['scan', 'https://example.test', '--format', 'xml'], /--format "xml": unknown format/],
    [['scan', 'https://example.test', '--concurrency', '1.5'], /--concurrency must be a whole number from 1 to 1024/],
    [['scan', 'https://example.test', '--timeout', 'soon'], /--timeout must be a number/],
    [['scan', 'https://example.test', '--header', 'X-A: a\r\nInjected: b'], /not "Name: value"/],
    [['scan', 'https://example.test', '--header', ': no name'], /not "Name: value"/],
    [['scan', 'https://example.test', '--header', 'Bad Name: v'], /not "Name: value"/],
    [['scan', 'https://example.test', '--header', 'Origin: https://evil.test'], /cannot set Origin/],
    [['scan', 'https://example.test', '--show-secrets', '--secret-header', 'X-Api-Key'], /--secret-header cannot be used with --show-secrets/],
    [['scna', 'https://example.test'], /unknown command 'scna'/],
  ])('%j → exit 2 with one clear line', async (args, message) => {
    const run = await runCorscan(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toBe('');
  });

  it('an unwritable --output fails before any request is sent', async () => {
    const before = lab.requestCounts.get('reflect-any-with-credentials') ?? 0;
    const run = await runCorscan(['scan', ...reflect(), '--output', '/nonexistent-dir/report.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot be written/);
    expect(lab.requestCounts.get('reflect-any-with-credentials') ?? 0).toBe(before);
  });

  it('a reflecting policy exits 1 with a readable table', async () => {
    const run = await runCorscan(['scan', ...reflect()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('origin-reflection');
    expect(run.stdout).toContain('critical');
    expect(run.stdout).toMatch(/1 target scanned, \d+ requests in \d+ ms: /);
    expect(run.stdout).not.toMatch(/\u001b\[/); // NO_COLOR and a pipe: no ANSI codes
  });

  it('--fail-on none exits 0 despite findings; --fail-on critical gates on critical only', async () => {
    expect((await runCorscan(['scan', ...reflect(), '--fail-on', 'none'])).code).toBe(0);
    expect((await runCorscan(['scan', ...reflect(), '--fail-on', 'critical'])).code).toBe(1);
    const clean = lab.argsFor(findPolicy('wildcard-public')!);
    expect((await runCorscan(['scan', ...clean, '--fail-on', 'low'])).code).toBe(0);
    expect((await runCorscan(['scan', ...clean, '--fail-on', 'info'])).code).toBe(1);
  });

  it('a target that cannot be reached at all exits 2 and says so', async () => {
    const run = await runCorscan(['scan', 'http://127.0.0.1:1/', '--timeout', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/could not be checked: ERR_PROBE_CONNECT/);
  });
});

describe('JSON report contract', () => {
  it('follows schemaVersion 1 and writes --output atomically', async () => {
    const output = join(dir, 'report.json');
    const run = await runCorscan(['scan', ...reflect(), '--format', 'json', '--output', output, '--header', 'Authorization: Bearer s3cret']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const text = readFileSync(output, 'utf8');
    expect(text).not.toContain('s3cret');
    const report = JSON.parse(text) as ScanReport;
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'corscan' }, options: { failOn: 'high' } });
    expect(typeof report.startedAt).toBe('string');
    expect(typeof report.durationMs).toBe('number');
    const [target] = report.targets;
    expect(target).toMatchObject({ status: 'scanned' });
    expect(target!.requests).toBeGreaterThan(0);
    expect(target!.outcomes.map((outcome) => outcome.status)).toContain('pass');
    for (const finding of report.findings) {
      expect(finding).toMatchObject({ ruleId: expect.any(String), severity: expect.any(String), target: target!.url, message: expect.any(String) });
      expect(finding.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      for (const evidence of finding.evidence) {
        // Preflights carry no user headers: browsers never send credentials on them.
        expect(evidence.request.headers['Authorization']).toBe(evidence.request.method === 'OPTIONS' ? undefined : '[redacted]');
        expect(Array.isArray(evidence.response!.headers[0])).toBe(true);
        expect(evidence.curl).toMatch(/^curl /);
      }
    }
    expect(existsSync(`${output}.tmp`)).toBe(false);
  });

  it('fingerprints and finding order are stable across runs', async () => {
    const first = JSON.parse((await runCorscan(['scan', ...reflect(), '--format', 'json'])).stdout) as ScanReport;
    const second = JSON.parse((await runCorscan(['scan', ...reflect(), '--format', 'json'])).stdout) as ScanReport;
    expect(second.findings.map((finding) => finding.fingerprint)).toEqual(first.findings.map((finding) => finding.fingerprint));
  });

  it('reads targets from a file and from stdin, skipping comments and duplicates', async () => {
    const file = join(dir, 'targets.txt');
    const target = lab.targetOf('no-cors');
    writeFileSync(file, `# audit list\n${target}\n\n${target}  # again\n`);
    const resolve = reflect().slice(1, 3);
    const fromFile = JSON.parse((await runCorscan(['scan', '--targets', file, ...resolve, '--format', 'json'])).stdout) as ScanReport;
    expect(fromFile.targets.map((t) => t.url)).toEqual([target]);
    const fromStdin = await runCorscan(['scan', '--targets', '-', ...resolve, '--format', 'json'], { input: `${target}\n` });
    expect((JSON.parse(fromStdin.stdout) as ScanReport).targets).toHaveLength(1);
  });
});
