import { PROBE_COOKIE } from '../../src/probe/families.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';
import { API_ORIGIN, PAGE_ORIGIN, startLabApp, type LabApp } from './lab-app.js';
import { withCanaries } from './sanitise-har.js';

/**
 * End to end (issue 18): the HAR recorded from Chromium (fixtures/har/lab-session.har,
 * see test/browser/fetch.test.ts) is scanned against a fresh lab API. Its secret
 * placeholders are replaced by canaries, so any leak into an output is caught.
 */
const FIXTURE = new URL('../../fixtures/har/lab-session.har', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'corscan-har-scan-'));
let app: LabApp;
const canary = randomBytes(6).toString('hex');

beforeAll(async () => {
  app = await startLabApp({ page: false });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The fixture with canaries for its secrets and the API's live port (the recording used 443). */
function harFile(name: string): string {
  const text = withCanaries(readFileSync(FIXTURE, 'utf8'), canary).replaceAll(`${API_ORIGIN}/`, `${API_ORIGIN}:${app.apiPort}/`);
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const corscan = (args: string[]) => runCorscan(args, { timeoutMs: 60_000 });

const connection = () => ['--resolve', `api.victim.test:${app.apiPort}:127.0.0.1`, '--insecure', '--no-ignores', '--fail-on', 'none'];

describe('scan --har of a front end recorded in Chromium', () => {
  let report: ScanReport;
  let outputs: string;
  let stderr: string;

  beforeAll(async () => {
    const har = harFile('session.har');
    app.requests.length = 0;
    const out = join(dir, 'plain');
    const run = await corscan([
      'scan', '--har', har, ...connection(),
      '--format', `json:${out}.json`, '--format', `sarif:${out}.sarif`, '--format', `markdown:${out}.md`, '--format', `html:${out}.html`,
      '--format', 'table', '--framework', 'express', '--record', `${out}.recording.json`,
    ]);
    expect(run.code, run.stderr).toBe(0);
    stderr = run.stderr;
    report = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as ScanReport;
    outputs = [run.stdout, run.stderr, ...['json', 'sarif', 'md', 'html', 'recording.json'].map((ext) => readFileSync(`${out}.${ext}`, 'utf8'))].join('\n');
  }, 60_000);

  it('prints how many requests became how many targets, and what was left out', () => {
    expect(stderr).toContain('session.har: 18 entries, 16 cross-origin requests → 11 targets; left out: 1 same-origin, 1 without a page origin');
    expect(report.targets).toHaveLength(11);
  });

  it('finds the seeded preflight refusal, with the call in the evidence', () => {
    const refused = report.findings.filter((finding) => finding.ruleId === 'preflight-failure');
    expect(refused.map((finding) => [new URL(finding.target).pathname, finding.messageId, finding.severity, finding.data['method'], finding.data['headers'], finding.data['page']])).toEqual([
      ['/api/orders/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e', 'usageRefused', 'medium', 'DELETE', 'x-csrf-token', PAGE_ORIGIN],
    ]);
    const request = refused[0]!.evidence[0]!.request;
    expect(request.method).toBe('OPTIONS');
    expect(request.headers).toMatchObject({ Origin: PAGE_ORIGIN, 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'x-csrf-token' });
    // The fix names exactly what this endpoint's front end needs.
    expect(refused[0]!.remediation).toContain(`\`Access-Control-Allow-Methods: GET, HEAD, POST, DELETE\`, \`Access-Control-Allow-Headers: x-csrf-token\``);
    expect(refused[0]!.remediation).toContain(`corscan policy --origin ${PAGE_ORIGIN} --methods GET,HEAD,POST,DELETE --headers x-csrf-token --credentials`);
  });

  it('`corscan policy --from-report` prints the configuration the recorded usage needs', async () => {
    const run = await corscan(['policy', '--from-report', join(dir, 'plain.json'), '--framework', 'express']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("allowedHeaders: ['x-client-version']");
    expect(run.stdout).toContain("allowedHeaders: ['x-csrf-token']");
  });

  it('finds the seeded over-wide grant, with the tightened policy', () => {
    const wide = report.findings.filter((finding) => finding.ruleId === 'grant-exceeds-usage');
    expect(wide.map((finding) => [new URL(finding.target).pathname, finding.severity, finding.data['extras']])).toEqual([
      ['/api/settings', 'info', 'methods DELETE, PATCH, PUT never sent; request headers content-type, x-admin-override, x-debug-token never sent'],
    ]);
    expect(wide[0]!.data['policy']).toBe(`corscan policy --origin ${PAGE_ORIGIN} --methods GET,HEAD,POST --headers x-client-version --credentials`);
    // The table's Express snippet allows exactly what the page needs.
    expect(outputs.includes("allowedHeaders: ['x-client-version']")).toBe(true);
  });

  it('reports nothing else at low or above: the other endpoints grant exactly what the page uses', () => {
    const others = report.findings.filter((finding) => !['preflight-failure', 'grant-exceeds-usage'].includes(finding.ruleId) && finding.severity !== 'info');
    expect(others.map((finding) => `${finding.ruleId} ${finding.target}`)).toEqual([]);
  });

  it('says per target that it came from a HAR and which usage it was judged against (valid against the report schema)', () => {
    // ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
    const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const items = report.targets.find((target) => target.url.endsWith('/api/items/17'))!;
    expect(items.har).toMatchObject({
      endpoint: `${API_ORIGIN}:${app.apiPort}/api/items/{id}`,
      pageOrigins: [PAGE_ORIGIN],
      methods: ['GET', 'PATCH', 'PUT'],
      headers: ['content-type', 'x-csrf-token'],
      credentials: true,
    });
    expect(items.trustedOrigins.declared).toEqual([PAGE_ORIGIN]);
    expect(report.targets.every((target) => target.har?.sources[0]?.endsWith('session.har'))).toBe(true);
  });

  it('sends no state-changing request, no cookie and no Authorization', () => {
    expect(app.stateChanging()).toBe(0);
    expect(app.requests.length).toBeGreaterThan(100);
    // The only Cookie is corscan's own dummy (issue 15: some CORS layers answer differently with one), never a recorded one.
    expect(app.requests.filter((request) => (request.cookie !== undefined && request.cookie !== PROBE_COOKIE) || request.authorization !== undefined)).toEqual([]);
  });

  it('leaks no HAR secret into any output', () => {
    expect(outputs.includes(canary)).toBe(false);
  });
});

describe('scan --har with URLs and --targets', () => {
  it('scans the HAR endpoints and the other targets together; only the HAR ones carry a usage', async () => {
    const har = harFile('combined.har');
    const api = `${API_ORIGIN}:${app.apiPort}`;
    const targets = join(dir, 'combined-targets.txt');
    writeFileSync(targets, `${api}/api/teams/9/members\n`);
    const out = join(dir, 'combined.json');
    const run = await corscan(['scan', '--har', har, `${api}/api/me`, `${api}/api/extra`, '--targets', targets, ...connection(), '--format', `json:${out}`]);
    expect(run.code, run.stderr).toBe(0);
    const combined = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    const paths = (har: boolean) => combined.targets.filter((target) => Boolean(target.har) === har).map((target) => new URL(target.url).pathname).sort();
    // /api/me is in both: one target, with the HAR's usage; /api/teams/9/members is a new URL for the same template, scanned as given.
    expect(paths(false)).toEqual(['/api/extra', '/api/teams/9/members']);
    expect(paths(true)).toHaveLength(11);
    expect(paths(true)).toContain('/api/me');
  }, 60_000);
});

describe('scan --har --har-credentials', () => {
  it('sends the recorded Cookie and Authorization per endpoint, never on preflights, and redacts them everywhere', async () => {
    const har = harFile('credentials.har');
    app.requests.length = 0;
    const out = join(dir, 'credentials');
    const run = await corscan(['scan', '--har', har, '--har-credentials', ...connection(), '--format', `json:${out}.json`, '--format', 'markdown', '--record', `${out}.recording.json`]);
    expect(run.code, run.stderr).toBe(0);
    const withCookie = app.requests.filter((request) => request.cookie === `session=canary-cookie-${canary}`);
    expect(withCookie.length).toBeGreaterThan(0);
    // The search endpoint's probes (and its 404 sub-resource) carry its bearer token, no other endpoint's do.
    const bearerPaths = new Set(app.requests.filter((request) => request.authorization !== undefined).map((request) => request.path));
    expect([...bearerPaths].sort()).toEqual(['/api/search', '/api/search/corscan-404-probe']);
    expect(app.requests.every((request) => request.authorization === undefined || request.authorization === `Bearer canary-bearer-${canary}`)).toBe(true);
    expect(app.requests.filter((request) => request.method === 'OPTIONS' && (request.cookie || request.authorization))).toEqual([]);
    expect(app.stateChanging()).toBe(0);
    const outputs = [run.stdout, run.stderr, readFileSync(`${out}.json`, 'utf8'), readFileSync(`${out}.recording.json`, 'utf8')].join('\n');
    expect(outputs.includes(canary)).toBe(false);
    expect(outputs.includes('[redacted]')).toBe(true);
  }, 60_000);

  it('--unsafe-methods lets the bodiless POST probe through', async () => {
    const har = harFile('unsafe.har');
    app.requests.length = 0;
    const run = await corscan(['scan', '--har', har, '--unsafe-methods', ...connection(), '--format', `json:${join(dir, 'unsafe.json')}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(app.stateChanging()).toBeGreaterThan(0);
    expect(app.requests.filter((request) => ['PUT', 'PATCH', 'DELETE'].includes(request.method))).toEqual([]);
  }, 60_000);
});
