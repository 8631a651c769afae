import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { enumerateOpenApi, readOpenApi } from '../../src/cli/inputs/openapi.js';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';
import { useLab, type Lab } from '../helpers/lab.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/openapi/petstore.yaml', import.meta.url));
let lab: Lab;
const dir = useLab('openapi', (started) => (lab = started));

describe('--openapi enumeration', () => {
  it('gives every server x path, path parameters from examples or a placeholder', async () => {
    const urls = [...(await readOpenApi(FIXTURE)).urls()];
    const paths = ['/pets', '/pets/42', '/owners/alice/pets/1', '/stores/main%20street'];
    expect(urls).toEqual([
      ...paths.flatMap((path) => [`https://api.petstore.test/v1${path}`, `https://eu.petstore.test/v1${path}`]),
      'https://status.petstore.test/status',
    ]);
    // A file: URL names a local file too.
    expect([...(await readOpenApi(pathToFileURL(FIXTURE).href)).urls()]).toEqual(urls);
  });

  it.each([
    ['openapi: 3.0.0\npaths: {\n', /not valid YAML or JSON/],
    ['{"swagger": "2.0", "paths": {}}', /Swagger 2\.0; only OpenAPI 3/],
    ['title: not an api\n', /not an OpenAPI 3 document/],
    ['openapi: 3.1.0\ninfo: {title: x, version: "1"}\n', /no "paths" object/],
    ['openapi: 3.1.0\npaths:\n  /a: {get: {}}\n', /declares no servers; pass --openapi-server/],
  ])('a broken document is one clear UsageError: %j', async (text, message) => {
    await expect(enumerateOpenApi(text, 'api.yaml')).rejects.toThrow(message);
  });

  it('scans the enumerated targets through the CLI; a broken document exits 2 with one line', async () => {
    const doc = join(dir, 'lab.json');
    writeFileSync(doc, JSON.stringify({ openapi: '3.1.0', info: { title: 'lab', version: '1' }, servers: [{ url: '/reflect-any' }], paths: { '/pets/{id}': { get: {} }, '/pets': { get: {} } } }));
    const base = `http://api.victim.test:${lab.port}/`;
    const run = await runCorscan(['scan', '--openapi', doc, '--openapi-server', base, '--resolve', `api.victim.test:${lab.port}:127.0.0.1`, '--format', 'json', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.targets.map((t) => t.url)).toEqual([`${base}reflect-any/pets`, `${base}reflect-any/pets/corscan`]);
    expect(report.findings.some((f) => f.ruleId === 'origin-reflection')).toBe(true);

    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'openapi: [3\n');
    const bad = await runCorscan(['scan', '--openapi', broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^corscan: --openapi .*broken\.yaml is not valid YAML or JSON/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
