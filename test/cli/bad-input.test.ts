import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPolicy } from '../../src/lab/policies.js';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan, type CliRun } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';
import { testDir } from '../helpers/temp-dir.js';

let lab: Lab;
const dir = testDir('bad-input');
const POLICY = 'wildcard-public';
const requests = () => lab.requestCounts.get(POLICY) ?? 0;
const scanArgs = () => lab.argsFor(findPolicy(POLICY)!);

beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => lab.close());

/** A usage error: exit 2, one line on stderr (commander may add its help hint), no stack, nothing on stdout. */
function expectUsageError(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.split('\n').filter((line) => line.startsWith('corscan:') || line.startsWith('error:'))).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).toBe('');
}

describe.concurrent('bad targets', () => {
  it('an empty targets file', async () => {
    const file = join(dir, 'empty.txt');
    writeFileSync(file, '');
    expectUsageError(await runCorscan(['scan', '--targets', file]), /the targets file lists no URL/);
  });

  it('a targets file of comments and blank lines only', async () => {
    const file = join(dir, 'comments.txt');
    writeFileSync(file, '# nothing yet\n\n   \n# still nothing\n');
    expectUsageError(await runCorscan(['scan', '--targets', file]), /the targets file lists no URL/);
  });

  it('a binary targets file (NUL bytes)', async () => {
    const file = join(dir, 'binary.bin');
    writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0x0a]));
    expectUsageError(await runCorscan(['scan', '--targets', file]), /is not a text file of URLs/);
  });

  it('a device that never ends (/dev/zero) is refused before reading', async () => {
    expectUsageError(await runCorscan(['scan', '--targets', '/dev/zero']), /is a device, not a text file of URLs/);
  });

  it('a binary targets file without NUL: the bad line is named as not UTF-8, its bytes never echoed', async () => {
    const file = join(dir, 'garbage.bin');
    writeFileSync(file, Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0x07, 0x0d, 0x0a]));
    const run = await runCorscan(['scan', '--targets', file]);
    expectUsageError(run, /garbage\.bin:1: the line is not valid UTF-8/);
    // No raw control bytes (ESC, BEL, CR) reach the terminal.
    expect(run.stderr.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('a mistyped URL with credentials never echoes the password', async () => {
    const run = await runCorscan(['scan', 'https://admin:hunter2-pass@exa mple.test/']);
    expectUsageError(run, /not a valid URL/);
    expect(run.stderr).not.toContain('hunter2');
  });

  it('a malformed --header never echoes its value', async () => {
    const run = await runCorscan(['scan', 'https://example.test/', '--header', 'Authorization Bearer tok-SECRET-0001']);
    expectUsageError(run, /--header "Authorization…" \(value hidden\) is not "Name: value"/);
    expect(run.stderr).not.toContain('tok-SECRET');
  });

  it('a line that is not a URL in a long file names its line number', async () => {
    const file = join(dir, 'typo.txt');
    writeFileSync(file, `${'https://example.test/a\n'.repeat(40)}htps//example.test/b\n`);
    expectUsageError(await runCorscan(['scan', '--targets', file]), /typo\.txt:41 "htps\/\/example\.test\/b" is not a valid URL/);
  });
});

describe('a 100,000-line targets file', () => {
  it('is read, deduplicated and scanned end to end', async () => {
    const file = join(dir, 'big.txt');
    const target = lab.targetOf(POLICY);
    writeFileSync(file, `# generated\n${`${target}\n`.repeat(99_999)}`);
    const before = requests();
    const run = await runCorscan(['scan', '--targets', file, ...scanArgs().slice(1), '--format', 'json', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.targets.map((t) => t.url)).toEqual([target]);
    expect(requests() - before).toBe(report.targets[0]!.requests);
  });
});

describe('--output safety', () => {
  it('refuses an --output that is an input file, before any request, leaving it intact', async () => {
    const file = join(dir, 'targets-in.txt');
    writeFileSync(file, `${lab.targetOf(POLICY)}\n`);
    const before = requests();
    expectUsageError(await runCorscan(['scan', '--targets', file, ...scanArgs().slice(1), '--output', file]), /is also an input file/);
    expect(readFileSync(file, 'utf8')).toBe(`${lab.targetOf(POLICY)}\n`);
    expect(requests()).toBe(before);
  });

  it('sees through a symlink to an input file', async () => {
    const file = join(dir, 'targets-real.txt');
    const link = join(dir, 'report-link.json');
    writeFileSync(file, `${lab.targetOf(POLICY)}\n`);
    symlinkSync(file, link);
    expectUsageError(await runCorscan(['scan', '--targets', file, ...scanArgs().slice(1), '--output', link]), /is also an input file/);
    expect(readFileSync(file, 'utf8')).toBe(`${lab.targetOf(POLICY)}\n`);
  });

  it('refuses a directory as --output', async () => {
    const out = join(dir, 'a-directory');
    mkdirSync(out);
    expectUsageError(await runCorscan(['scan', ...scanArgs(), '--output', out]), /is a directory/);
  });

  it('leaves an existing report untouched, and no temporary file, when the run fails on bad input', async () => {
    const out = join(dir, 'keep', 'report.json');
    mkdirSync(join(dir, 'keep'));
    writeFileSync(out, '{"old":true}\n');
    expectUsageError(await runCorscan(['scan', ...scanArgs(), '--output', out, '--header', 'nonsense']), /not "Name: value"/);
    expect(readFileSync(out, 'utf8')).toBe('{"old":true}\n');
    expect(readdirSync(join(dir, 'keep'))).toEqual(['report.json']);
  });

  it('a completed run replaces the report whole and leaves no temporary file', async () => {
    const out = join(dir, 'keep2', 'report.json');
    mkdirSync(join(dir, 'keep2'));
    writeFileSync(out, '{"old":true}\n');
    const run = await runCorscan(['scan', ...scanArgs(), '--output', out, '--format', 'json', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as ScanReport).schemaVersion).toBe(1);
    expect(readdirSync(join(dir, 'keep2'))).toEqual(['report.json']);
    expect(existsSync(`${out}.tmp`)).toBe(false);
  });
});
