import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_FRONTEND, type LabPolicy, type LabRequest, type LabResponse } from '../../src/lab/policy.js';
import type { ScanReport, TargetResult } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';

/**
 * A working app with one defect: its front end uses PUT, DELETE and Authorization with
 * cookies, and the allowlist also holds `null`. The fix must remove `null` and keep
 * everything the front end relies on, or pasting it breaks the app.
 */
function workingApp(request: LabRequest): LabResponse {
  const origin = request.headers['origin'];
  const headers: [string, string][] = [['Vary', 'Origin']];
  if (origin === LAB_FRONTEND || origin === 'null') {
    headers.push(['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Expose-Headers', 'ETag']);
    if (request.method === 'OPTIONS') {
      headers.push(['Access-Control-Allow-Methods', 'GET, PUT, DELETE'], ['Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Requested-With'], ['Access-Control-Max-Age', '600']);
      return { status: 204, headers };
    }
  }
  return { status: request.method === 'OPTIONS' ? 204 : 200, headers };
}

/** A public API: `*` to everyone, no credentials. */
function publicApi(request: LabRequest): LabResponse {
  return { status: request.method === 'OPTIONS' ? 204 : 200, headers: [['Access-Control-Allow-Origin', '*']] };
}

const APP: LabPolicy = { name: 'keep-grant-app', description: 'working app that also trusts null', expected: ['null-origin'], clean: false, trustedOrigins: [LAB_FRONTEND], handle: workingApp };
const PUBLIC: LabPolicy = { name: 'keep-grant-public', description: 'public * API', expected: ['wildcard-origin'], clean: false, handle: publicApi };

let lab: Lab;
let dir: string;

beforeAll(async () => {
  lab = await startLab([APP, PUBLIC]);
  dir = await mkdtemp(join(tmpdir(), 'corscan-keep-grant-'));
});

afterAll(async () => {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
});

async function scanJson(policy: LabPolicy, extra: string[] = []): Promise<ScanReport> {
  const run = await runCorscan(['scan', ...lab.argsFor(policy), '--format', 'json', '--fail-on', 'none', ...extra]);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ScanReport;
}

describe('fixes keep what the server grants its trusted origins', () => {
  it('the null-origin fix removes null and keeps PUT, DELETE, Authorization, exposed ETag and credentials', async () => {
    const report = await scanJson(APP);
    expect(report.targets[0]!.granted).toMatchObject({ methods: ['GET', 'PUT', 'DELETE'], headers: ['Authorization', 'Content-Type', 'X-Requested-With'], expose: ['ETag'], credentials: true });
    const finding = report.findings.find((f) => f.ruleId === 'null-origin')!;
    expect(finding.remediation).toMatch(/^Never allow the origin `null`/);
    expect(finding.remediation).toContain(`\`Access-Control-Allow-Origin: ${LAB_FRONTEND}\`, \`Access-Control-Allow-Credentials: true\`, \`Access-Control-Expose-Headers: ETag\``);
    expect(finding.remediation).toContain(
      `corscan policy --origin ${LAB_FRONTEND} --credentials --methods GET,PUT,DELETE --headers Authorization,Content-Type,X-Requested-With --expose ETag`,
    );
  }, 60_000);

  it('scan --framework prints a snippet that keeps PUT, DELETE, Authorization and credentials', async () => {
    const run = await runCorscan(['scan', ...lab.argsFor(APP), '--framework', 'express', '--fail-on', 'none']);
    const fix = run.stdout.slice(run.stdout.indexOf('Fix for Express (cors):'));
    expect(fix).toContain(`origin: ['${LAB_FRONTEND}'],`);
    expect(fix).toContain('credentials: true,');
    expect(fix).toMatch(/methods: \['GET', 'PUT', 'DELETE'\]/);
    expect(fix).toMatch(/allowedHeaders: \['Authorization', 'Content-Type', 'X-Requested-With'\]/);
    expect(fix).toMatch(/exposedHeaders: \['ETag'\]/);
    expect(fix).not.toContain("'null'");
  }, 60_000);
});

describe('policy --from-report', () => {
  it('keeps credentials and the grant, keeps a public * API apart, leaves out unreachable targets', async () => {
    const app = await scanJson(APP);
    const pub = await scanJson(PUBLIC);
    const unreachable: TargetResult = { url: 'http://127.0.0.1:9/gone', status: 'unreachable', requests: 3, failedRequests: 3, trustedOrigins: { declared: [LAB_FRONTEND], learned: [] }, outcomes: [] };
    const merged: ScanReport = { ...app, targets: [...app.targets, ...pub.targets, unreachable], findings: [...app.findings, ...pub.findings] };
    const file = join(dir, 'merged.json');
    await writeFile(file, JSON.stringify(merged));
    const run = await runCorscan(['policy', '--from-report', file, '--framework', 'express']);
    expect(run.code).toBe(0);
    const sections = run.stdout.split(/^# /m).filter((s) => s !== '');
    expect(sections).toHaveLength(2);
    const credentialed = sections.find((s) => s.includes(app.targets[0]!.url))!;
    expect(credentialed).toContain(`origins:     ${LAB_FRONTEND}`);
    expect(credentialed).toContain('credentials: yes');
    expect(credentialed).toContain('methods:     GET, PUT, DELETE');
    expect(credentialed).toContain('headers:     Authorization, Content-Type, X-Requested-With');
    const open = sections.find((s) => s.includes(pub.targets[0]!.url))!;
    expect(open).toContain('origins:     * (every site, without cookies)');
    expect(open).not.toContain(app.targets[0]!.url);
    expect(run.stdout).not.toContain('9/gone');
    expect(run.stderr).toContain('http://127.0.0.1:9/gone: unreachable in the scan; left out');
    await expect(readFile(file, 'utf8')).resolves.toContain('granted');
  }, 60_000);
});
