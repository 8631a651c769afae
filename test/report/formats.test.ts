import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICIES } from '../../src/lab/policies.js';
import { LAB_HOST } from '../../src/lab/policy.js';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan, type CliRun } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';
import { testDir } from '../helpers/temp-dir.js';

// Real reports from the real CLI, validated against the shipped report schema and the
// official OASIS SARIF 2.1.0 schema (vendored in fixtures/schemas, draft-04), then snapshotted.
const root = new URL('../../', import.meta.url);
const readJson = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as object;
// ajv-draft-04 and ajv-formats are CommonJS with `exports.default`; under NodeNext the default import is the module object.
const AjvDraft04 = ajvDraft04 as unknown as typeof ajvDraft04.default;
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
const reportAjv = new Ajv2020({ allErrors: true, strict: true });
addFormats(reportAjv);
const validateReport = reportAjv.compile(readJson('schema/report.schema.json'));
const sarifAjv = new AjvDraft04({ allErrors: true, strict: false });
addFormats(sarifAjv);
const validateSarif = sarifAjv.compile(readJson('fixtures/schemas/sarif-schema-2.1.0.json'));

let lab: Lab;
const dir = testDir('formats');
const out = (name: string) => join(dir, name);
const runs: Record<string, CliRun> = {};
const VERSION = (readJson('package.json') as { version: string }).version;
const SNAPSHOT_POLICIES = ['reflect-any-with-credentials', 'missing-vary-origin', 'policy-drifted', 'no-cors'];

/** Replaces what changes between runs: ports, times, durations, version, fingerprints (they hash the URL and its port). */
function normalise(text: string): string {
  return text
    .replace(new RegExp(`${LAB_HOST.replace(/\./g, '\\.')}([:_])${lab.port}`, 'g'), `${LAB_HOST}$1<PORT>`)
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<TIME>')
    .replace(/"durationMs": \d+/g, '"durationMs": "<DURATION>"')
    .replace(/in \d+ ms/g, 'in <DURATION> ms')
    .replace(/[0-9a-f]{64}/g, '<FINGERPRINT>')
    .replace(new RegExp(VERSION.replace(/\./g, '\\.'), 'g'), '<VERSION>')
    .replace(/\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT/g, '<TIME>')
    .replace(new RegExp(`${tmpdir()}/corscan-[\\w-]+`, 'g'), '<DIR>');
}

beforeAll(async () => {
  lab = await startLab();
  const targets = SNAPSHOT_POLICIES.map((name) => POLICIES.find((policy) => policy.name === name)!);
  // lab.argsFor writes the config file that carries policy-drifted's expected policy.
  const drifted = lab.argsFor(targets.find((policy) => policy.expect)!);
  const config = drifted[drifted.indexOf('--config') + 1]!;
  const common = [
    'scan',
    ...targets.map((policy) => lab.targetOf(policy.name)),
    '--resolve',
    `${LAB_HOST}:${lab.port}:127.0.0.1`,
    '--trusted-origin',
    'https://app.victim.test',
    '--trusted-origin',
    'https://legacy.victim.test',
    '--config',
    config,
  ];
  const [all, empty, previous] = await Promise.all([
    runCorscan([...common, '--format', `json:${out('report.json')}`, '--format', `sarif:${out('report.sarif')}`, '--format', `markdown:${out('report.md')}`, '--format', 'table']),
    runCorscan(['scan', lab.targetOf('no-cors'), '--resolve', `${LAB_HOST}:${lab.port}:127.0.0.1`, '--format', 'sarif']),
    runCorscan(['scan', lab.targetOf('reflect-any'), lab.targetOf('missing-vary-origin'), '--resolve', `${LAB_HOST}:${lab.port}:127.0.0.1`, '--trusted-origin', 'https://app.victim.test', '--format', `json:${out('previous.json')}`]),
  ]);
  runs['all'] = all;
  runs['empty'] = empty;
  runs['previous'] = previous;
  runs['diff'] = await runCorscan(['diff', out('previous.json'), out('report.json')]);
  runs['baseline'] = await runCorscan([...common, '--baseline', out('previous.json'), '--format', 'markdown', '--min-severity', 'medium']);
}, 60_000);
afterAll(() => lab.close());

describe('schemas', () => {
  it('the JSON report validates against schema/report.schema.json and carries $schema', () => {
    const report = JSON.parse(readFileSync(out('report.json'), 'utf8')) as ScanReport;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.$schema).toMatch(/\/schema\/report\.schema\.json$/);
    expect(report.findings.some((finding) => finding.ruleId === 'policy-drift')).toBe(true);
  });

  it('a baseline report (with fixed findings and marks) validates too', () => {
    const report = JSON.parse(readFileSync(out('previous.json'), 'utf8')) as ScanReport;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  });

  it('the schema rejects what it must (a wrong severity, a missing required field)', () => {
    const report = JSON.parse(readFileSync(out('report.json'), 'utf8')) as ScanReport;
    expect(validateReport({ ...report, findings: [{ ...report.findings[0], severity: 'urgent' }] })).toBe(false);
    const { fingerprint: _fingerprint, ...withoutFingerprint } = report.findings[0]!;
    expect(validateReport({ ...report, findings: [withoutFingerprint] })).toBe(false);
  });

  it('SARIF validates against the official 2.1.0 schema and meets what GitHub needs', () => {
    const log = JSON.parse(readFileSync(out('report.sarif'), 'utf8')) as Log;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const [run] = log.runs;
    expect(log.runs).toHaveLength(1);
    const ruleIds = run!.tool.driver.rules!.map((rule) => rule.id);
    for (const rule of run!.tool.driver.rules!) {
      expect(rule.properties!['tags']).toContain('security');
      expect(Number(rule.properties!['security-severity'])).toBeGreaterThanOrEqual(0);
      expect(rule.help!.text.length).toBeGreaterThan(10);
    }
    for (const result of run!.results!) {
      expect(ruleIds).toContain(result.ruleId);
      const location = result.locations![0]!.physicalLocation!;
      expect(location.artifactLocation!.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i); // no scheme: GitHub rejects it
      expect(location.region!.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints!['primaryLocationLineHash']).toMatch(/^[0-9a-f]{64}:1$/);
    }
    expect(run!.results!.find((result) => result.ruleId === 'origin-reflection')!.level).toBe('error');
    expect(run!.results!.find((result) => result.ruleId === 'missing-vary')!.level).toBe('note');
  });

  it('a scan without findings still writes a complete SARIF log with an empty results array', () => {
    expect(runs['empty']!.code).toBe(0);
    const log = JSON.parse(runs['empty']!.stdout) as Log;
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules!.length).toBeGreaterThan(0);
  });
});

describe('snapshots (volatile values normalised)', () => {
  it('table', async () => {
    expect(runs['all']!.code).toBe(1);
    await expect(normalise(runs['all']!.stdout)).toMatchFileSnapshot('__snapshots__/scan.table.txt');
  });
  it('json', async () => {
    await expect(normalise(readFileSync(out('report.json'), 'utf8'))).toMatchFileSnapshot('__snapshots__/scan.json');
  });
  it('sarif', async () => {
    await expect(normalise(readFileSync(out('report.sarif'), 'utf8'))).toMatchFileSnapshot('__snapshots__/scan.sarif.json');
  });
  it('markdown', async () => {
    await expect(normalise(readFileSync(out('report.md'), 'utf8'))).toMatchFileSnapshot('__snapshots__/scan.md');
  });
  it('markdown with a baseline and --min-severity', async () => {
    await expect(normalise(runs['baseline']!.stdout)).toMatchFileSnapshot('__snapshots__/scan-baseline.md');
  });
  it('diff', async () => {
    await expect(normalise(runs['diff']!.stdout)).toMatchFileSnapshot('__snapshots__/diff.txt');
  });
});
