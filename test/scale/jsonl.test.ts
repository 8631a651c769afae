import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/commands/program.js';
import type { Finding } from '../../src/model/finding.js';
import type { ScanReport } from '../../src/model/report.js';
import { renderJsonl } from '../../src/report/jsonl.js';
import { useLab, type Lab } from '../helpers/lab.js';

let lab: Lab;
const dir = useLab('jsonl', (started) => (lab = started));

const POLICY_NAMES = ['reflect-any', 'allowlist-exact', 'wildcard-public'];

/** Runs the CLI in process; `onWrite` sees each stdout chunk as it is written. */
async function run(args: string[], onWrite: (chunk: string) => void = () => undefined) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (chunk: string) => ((stdout += chunk), onWrite(chunk), true) },
    stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    env: {},
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const scanArgs = () => [
  'scan',
  ...POLICY_NAMES.map((name) => lab.targetOf(name)),
  '--resolve',
  `api.victim.test:${lab.port}:127.0.0.1`,
  '--concurrency',
  '1',
  '--fail-on',
  'none',
  '--no-ignores',
  '--quiet',
];

const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('--format jsonl', () => {
  it('one line per target with its findings, then a summary; the same targets and findings as --format json', async () => {
    const jsonl = await run([...scanArgs(), '--format', 'jsonl']);
    const json = await run([...scanArgs(), '--format', 'json']);
    expect(jsonl.code).toBe(0);
    const parsed = lines(jsonl.stdout);
    expect(parsed).toHaveLength(POLICY_NAMES.length + 1);
    const report = JSON.parse(json.stdout) as ScanReport;
    const targets = parsed.slice(0, -1);
    expect(targets.every((line) => line['type'] === 'target')).toBe(true);
    const strip = (finding: Finding) => ({ ruleId: finding.ruleId, fingerprint: finding.fingerprint, target: finding.target });
    expect(targets.flatMap((line) => (line['findings'] as Finding[]).map(strip)).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))).toEqual(
      report.findings.map(strip).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
    );
    for (const line of targets) expect((line['findings'] as Finding[]).every((finding) => finding.target === line['url'])).toBe(true);
    const summary = parsed.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', schemaVersion: 1, totals: { targets: 3, findings: report.findings.length } });
    expect((summary['totals'] as { requests: number }).requests).toBe(report.targets.reduce((sum, target) => sum + target.requests, 0));
  }, 60_000);

  it('writes each target as soon as it finishes, before later targets are probed', async () => {
    const before = lab.requestCount('wildcard-public');
    let lastTargetRequestsAtFirstLine: number | undefined;
    await run([...scanArgs(), '--format', 'jsonl'], () => {
      lastTargetRequestsAtFirstLine ??= lab.requestCount('wildcard-public') - before;
    });
    // --concurrency 1: the first line is out while the third target has not been sent a request.
    expect(lastTargetRequestsAtFirstLine).toBe(0);
    expect(lab.requestCount('wildcard-public')).toBeGreaterThan(before);
  }, 60_000);

  it('to a file: written atomically, nothing on stdout; renderJsonl gives the same lines for a whole report', async () => {
    const file = join(dir, 'audit.jsonl');
    const result = await run([...scanArgs(), '--format', `jsonl:${file}`, '--format', `json:${join(dir, 'audit.json')}`]);
    expect(result.stdout).toBe('');
    const parsed = lines(readFileSync(file, 'utf8'));
    expect(parsed.at(-1)!['type']).toBe('summary');
    const report = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as ScanReport;
    const rendered = lines(renderJsonl(report));
    const byUrl = (entries: Record<string, unknown>[]) => entries.slice(0, -1).sort((a, b) => String(a['url']).localeCompare(String(b['url'])));
    expect(byUrl(parsed)).toEqual(byUrl(rendered));
  }, 60_000);
});
