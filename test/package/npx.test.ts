import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICIES } from '../../src/lab/policies.js';
import type { ScanReport } from '../../src/model/report.js';

/**
 * The npx path users take: pack the package, install the tarball into an empty
 * directory, run the CLI from there. `npm pack --ignore-scripts` packs the dist that
 * `npm test` just built (running `prepare` would rebuild dist under the other test
 * files). The package has no dependencies (they are inside the bundles), so the
 * install is `--offline` and never reaches the network.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { version: VERSION } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

let dir: string;
let packed: { filename: string; files: { path: string }[] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corscan-npx-'));
  const pack = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0]!;
  await writeFile(join(dir, 'package.json'), '{ "name": "npx-check", "private": true }\n');
  const install = await run(NPM, ['install', '--offline', '--no-audit', '--no-fund', join(dir, packed.filename)], dir);
  expect(install.code, `npm install --offline failed:\n${install.stderr}`).toBe(0);
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the packed package', () => {
  it('holds the bin, the bundles with their third-party licenses, the types, schema and README, and depends on nothing', async () => {
    const paths = packed.files.map((file) => file.path);
    for (const path of paths) {
      expect(path).toMatch(/^(bin\/|dist\/bundle\/|dist\/.*\.d\.ts$|schema\/|README\.md$|package\.json$|LICENSE$)/);
      expect(path).not.toMatch(/\.map$|\.tsbuildinfo$|(^|\/)(test|fixtures|src)\//);
    }
    expect(paths).toEqual(expect.arrayContaining(['bin/corscan.js', 'dist/bundle/corscan.js', 'dist/bundle/index.js', 'dist/bundle/THIRD-PARTY-LICENSES.txt', 'dist/index.d.ts', 'README.md']));
    const installed = JSON.parse(await readFile(join(dir, 'node_modules', 'corscan', 'package.json'), 'utf8')) as { dependencies?: object };
    expect(installed.dependencies ?? {}).toEqual({});
    const licenses = await readFile(join(dir, 'node_modules', 'corscan', 'dist', 'bundle', 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const name of ['undici', 'commander', 'yaml', 'tldts', 'chalk', 'picomatch']) expect(licenses).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
  });

  it('the library entry exports what src/index.ts does', async () => {
    const script = `import('corscan').then((m) => console.log(JSON.stringify(Object.keys(m).sort())))`;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(Object.keys(await import('../../src/index.js')).sort());
  });

  it('npx corscan demo scans every lab policy from the installed package, which names its version', async () => {
    const result = await run(NPX, ['--offline', 'corscan', 'demo', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ScanReport;
    expect(report.tool).toEqual({ name: 'corscan', version: VERSION });
    expect(report.targets).toHaveLength(POLICIES.length);
    expect(report.targets.every((target) => target.status === 'scanned')).toBe(true);
    expect(report.findings.length).toBeGreaterThan(0);
    // stderr holds corscan's own lines only: no Node warning (a MaxListenersExceededWarning once leaked here).
    expect(result.stderr).not.toMatch(/Warning|\(node:\d+\)/);
  }, 60_000);

  // Through the bin link npm made, without a second `npm exec` (about a CPU-second each): npx itself
  // is proven by the demo above.
  it('corscan policy works from the installed package, and --version prints its version', async () => {
    const bin = join(dir, 'node_modules', '.bin', process.platform === 'win32' ? 'corscan.cmd' : 'corscan');
    expect((await run(bin, ['--version'], dir)).stdout.trim()).toBe(VERSION);
    const result = await run(bin, ['policy', '--origin', 'https://app.example.com', '--framework', 'nginx'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('add_header Access-Control-Allow-Origin $cors_allow_origin always;');
  }, 60_000);
});
