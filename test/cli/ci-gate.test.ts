import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPolicy } from '../../src/lab/policies.js';
import { LAB_HOST } from '../../src/lab/policy.js';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';
import { testDir } from '../helpers/temp-dir.js';

let lab: Lab;
const dir = testDir('gate');
const file = (name: string, text?: string) => {
  const path = join(dir, name);
  if (text !== undefined) writeFileSync(path, text);
  return path;
};
const resolve = () => ['--resolve', `${LAB_HOST}:${lab.port}:127.0.0.1`];
const args = (policy: string) => lab.argsFor(findPolicy(policy)!);
const json = (stdout: string) => JSON.parse(stdout) as ScanReport;

beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => lab.close());

describe.concurrent('several formats in one run', () => {
  it('writes json and sarif files and prints the table, each file complete', async () => {
    const report = file('multi.json');
    const sarif = file('multi.sarif');
    const run = await runCorscan(['scan', ...args('reflect-any'), '--format', `json:${report}`, '--format', `sarif:${sarif}`, '--format', 'table']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('origin-reflection');
    expect(json(readFileSync(report, 'utf8')).findings.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.length).toBeGreaterThan(0);
  });

  it.each([
    [['--format', 'json', '--format', 'table'], /2 formats would go to stdout/],
    [['--format', 'xml'], /unknown format xml/],
    [['--format', 'json:a.json', '--format', 'sarif:a.json'], /two formats would be written to a.json/],
    [['--format', 'json:/nonexistent-dir/r.json'], /cannot be written/],
  ])('%j is a usage error before any request', async (extra, message) => {
    // duplicate-acao is scanned by no other test of this file, so its request count proves nothing was sent.
    const run = await runCorscan(['scan', ...args('duplicate-acao'), ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(lab.requestCounts.get('duplicate-acao') ?? 0).toBe(0);
  });
});

describe.concurrent('gate vs display', () => {
  it('--min-severity hides low findings from the table but the gate still sees them', async () => {
    const shown = await runCorscan(['scan', ...args('missing-vary-origin'), '--min-severity', 'medium', '--fail-on', 'low']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).not.toContain('missing-vary  ');
    // missing-vary is reported for GET (not for preflights: OPTIONS answers are not cached): one low finding, hidden.
    expect(shown.stdout).toMatch(/not shown: 1 below --min-severity medium/);
    const all = await runCorscan(['scan', ...args('missing-vary-origin'), '--min-severity', 'medium', '--format', 'json']);
    expect(json(all.stdout).findings.map((f) => f.ruleId)).toEqual(['missing-vary']);
  });

  it('an unreachable target among reachable ones exits 2, or is judged on the rest with --allow-unreachable', async () => {
    const base = ['scan', ...args('no-cors'), 'http://127.0.0.1:1/', '--timeout', '2'];
    expect((await runCorscan(base)).code).toBe(2);
    const allowed = await runCorscan([...base, '--allow-unreachable']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/could not be checked/);
    expect((await runCorscan(['scan', 'http://127.0.0.1:1/', '--timeout', '2', '--allow-unreachable'])).code).toBe(2);
  });
});

describe.concurrent('ignore file', () => {
  it('suppresses by rule and target glob, keeps the finding in JSON, and ungates it', async () => {
    const cwd = mkdtempSync(join(dir, 'ignore-'));
    writeFileSync(
      join(cwd, '.corscan-ignore.yaml'),
      `version: 1\nignores:\n  - rule: origin-reflection\n    target: "http://${LAB_HOST}:*/reflect-any/**"\n    reason: public demo data\n    expires: 2999-12-31\n  - rule: null-origin\n    reason: sandboxed previews\n`,
    );
    // A process started in the directory, as a user runs it: the file is named as they see it.
    const run = await runCorscan(['scan', ...args('reflect-any'), '--format', 'json'], { cwd, process: true });
    expect(run.code).toBe(0);
    const findings = json(run.stdout).findings;
    expect(findings.find((f) => f.ruleId === 'origin-reflection')!.suppressed).toEqual({
      reason: 'public demo data',
      source: '.corscan-ignore.yaml#1',
      expires: '2999-12-31',
    });
    expect(findings.every((f) => f.suppressed)).toBe(true);
    const table = await runCorscan(['scan', ...args('reflect-any')], { cwd });
    expect(table.stdout).toMatch(/not shown: 2 suppressed by the ignore file/);
    expect((await runCorscan(['scan', ...args('reflect-any'), '--no-ignores'], { cwd })).code).toBe(1);
  });

  it('an expired entry suppresses nothing and warns', async () => {
    const ignore = file('expired.yaml', 'ignores:\n  - rule: origin-reflection\n    reason: was fine once\n    expires: 2020-01-31\n');
    const run = await runCorscan(['scan', ...args('reflect-any'), '--ignore-file', ignore, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/warning: ignore entry .*expired\.yaml#1 \(origin-reflection\) expired on 2020-01-31/);
    expect(json(run.stdout).findings.some((f) => f.suppressed)).toBe(false);
  });

  it.each([
    ['ignores:\n  - rule: origin-reflection\n', /bad\d+\.yaml:2: ignores\[0\]\.reason: missing/],
    ['ignores:\n  - rule: origin-reflection\n    reason: x\n  - rule: no-such-rule\n    reason: typo\n', /bad\d+\.yaml:4: ignores\[1\]\.rule: unknown rule id "no-such-rule"/],
    ['ignores:\n  - rule: null-origin\n    reason: x\n    expires: next year\n', /bad\d+\.yaml:2: ignores\[0\]\.expires: "next year" is not a date/],
    ['ignores: [\n', /bad\d+\.yaml:\d+: ignore file is not valid YAML/],
  ])('a bad ignore file is an error naming file, line and entry: %j', async (text, message) => {
    const run = await runCorscan(['scan', ...args('reflect-any'), '--ignore-file', file(`bad${text.length}.yaml`, text)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe.concurrent('baselines', () => {
  it('marks new and unchanged, lists fixed, and --fail-on-new gates only on new findings', async () => {
    const previous = file('previous.json');
    expect((await runCorscan(['scan', ...args('reflect-any-with-credentials'), '--format', `json:${previous}`])).code).toBe(1);
    // The same policy again: every finding unchanged. Another policy: its findings are new, the old ones fixed.
    const same = await runCorscan(['scan', ...args('reflect-any-with-credentials'), '--baseline', previous, '--fail-on-new', '--format', 'json']);
    expect(same.code).toBe(0);
    const report = json(same.stdout);
    expect(report.findings.every((f) => f.baseline === 'unchanged')).toBe(true);
    expect(report.baseline).toMatchObject({ file: previous, new: 0, fixed: [] });
    const other = await runCorscan(['scan', ...args('wildcard-with-credentials'), '--baseline', previous, '--fail-on-new', '--fail-on', 'medium', '--format', 'json']);
    expect(other.code).toBe(1);
    const changed = json(other.stdout);
    expect(changed.findings.every((f) => f.baseline === 'new')).toBe(true);
    expect(changed.baseline!.fixed.map((f) => f.ruleId).sort()).toEqual(['missing-vary', 'null-origin', 'origin-reflection']);
  });

  it('corscan diff prints the same comparison; --fail-on-new without --baseline is a usage error', async () => {
    const before = file('before.json');
    const after = file('after.json');
    await runCorscan(['scan', ...args('reflect-any'), '--format', `json:${before}`]);
    await runCorscan(['scan', ...args('reflect-any'), ...args('wildcard-public').slice(0, 1), '--format', `json:${after}`]);
    const diff = await runCorscan(['diff', before, after, '--format', 'json']);
    expect(diff.code).toBe(0);
    const parsed = JSON.parse(diff.stdout) as { summary: Record<string, number>; targets: unknown[] };
    expect(parsed.summary).toEqual({ new: 1, unchanged: 2, fixed: 0 });
    expect(parsed.targets).toEqual([{ url: lab.targetOf('wildcard-public'), before: 'absent', after: 'scanned' }]);
    expect((await runCorscan(['diff', before, after, '--fail-on-new', 'info'])).code).toBe(1);
    expect((await runCorscan(['diff', before, after, '--format', 'markdown'])).stdout).toContain('**1 new**');
    expect((await runCorscan(['diff', before, file('nope.json')])).code).toBe(2);
    const usage = await runCorscan(['scan', ...args('reflect-any'), '--fail-on-new']);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringMatching(/--fail-on-new needs --baseline/) });
  });
});

describe.concurrent('config file and environment', () => {
  it('precedence: file < CORSCAN_* < flags', async () => {
    const cwd = mkdtempSync(join(dir, 'config-'));
    writeFileSync(join(cwd, 'corscan.config.yaml'), `failOn: none\nformat: json\ntargets:\n  - ${lab.targetOf('missing-vary-origin')}\ntrustedOrigin: https://app.victim.test\nresolve: ${LAB_HOST}:${lab.port}:127.0.0.1\n`);
    const fromFile = await runCorscan(['scan'], { cwd });
    expect(fromFile.code).toBe(0);
    expect(json(fromFile.stdout).options.failOn).toBe('none');
    const fromEnv = await runCorscan(['scan'], { cwd, env: { CORSCAN_FAIL_ON: 'low' } });
    expect(fromEnv.code).toBe(1);
    // A process started in the directory: the report names the config file as the user sees it.
    const fromFlag = await runCorscan(['scan', '--fail-on', 'medium'], { cwd, env: { CORSCAN_FAIL_ON: 'low' }, process: true });
    expect(fromFlag.code).toBe(0);
    expect(json(fromFlag.stdout).options).toMatchObject({ failOn: 'medium', config: 'corscan.config.yaml' });
  });

  it.each([
    ['{\n  "failOn": "sometimes"\n}\n', 'json', /c\d+\.json:2: failOn "sometimes" is not one of/],
    ['{\n  "targets": [\n    { "url": "ftp://x.test/" }\n  ]\n}\n', 'json', /c\d+\.json:3: targets\[0\]\.url: .*scheme ftp:/],
    ['targets:\n  - url: https://x.test/\n    expect:\n      allowedOrigins: [app.x.test]\n', 'yaml', /c\d+\.yaml:4: targets\[0\]\.expect\.allowedOrigins: "app\.x\.test" is not a serialized origin/],
    ['failOn: high\nfailon: low\n', 'yaml', /c\d+\.yaml:2: failon: unknown key/],
    ['{ "timeout": "soon" }', 'json', /c\d+\.json:1: timeout must be a number from 0.001 to 86400 \(seconds\), got "soon"/],
    ['concurrency: 0\n', 'yaml', /c\d+\.yaml:1: concurrency must be a whole number from 1 to 1024/],
    ['format: [json, table]\n', 'yaml', /c\d+\.yaml:1: format: 2 formats would go to stdout/],
  ])('a config error names file, line and key: %j', async (text, ext, message) => {
    const name = `c${text.length}.${ext}`;
    const run = await runCorscan(['scan', 'https://x.test/', '--config', file(name, text)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('a bad CORSCAN_* value is a usage error naming the variable', async () => {
    const run = await runCorscan(['scan', 'https://x.test/'], { env: { CORSCAN_FAIL_ON_NEW: 'maybe' } });
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/CORSCAN_FAIL_ON_NEW "maybe" is not true or false/) });
  });
});

describe.concurrent('SARIF location', () => {
  it('anchors results at the line of a repository file naming the target', async () => {
    const targets = file('targets.txt', `# APIs\n${lab.targetOf('reflect-any')}\n`);
    const run = await runCorscan(['scan', '--targets', targets, ...resolve(), '--format', 'sarif', '--sarif-location', targets], { cwd: dir });
    const result = JSON.parse(run.stdout).runs[0].results[0];
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'targets.txt' }, region: { startLine: 2 } });
  });
});
