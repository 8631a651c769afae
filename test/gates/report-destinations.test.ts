import { execFileSync, spawn } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { BIN, runCorscan } from '../helpers/cli.js';
import { usePublicApi } from '../helpers/public-api.js';

const { dir, target } = usePublicApi('destinations');
const scan = (...args: string[]) => runCorscan(['scan', target(), '--fail-on', 'none', ...args]);

describe('14.2: only regular files are replaced atomically; devices, FIFOs and symlinks are written in place', () => {
  it('14.2: -o /dev/null is written, not replaced (it stays a character device)', async () => {
    const before = statSync('/dev/null');
    const run = await scan('--format', 'json', '--output', '/dev/null');
    expect(run.code).toBe(0);
    const after = lstatSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.rdev).toBe(before.rdev);
    expect(readdirSync('/dev').filter((name) => name.startsWith('null.'))).toEqual([]);
  });

  it('14.2: -f json:FIFO delivers the report to the reader of the pipe', async () => {
    const fifo = join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const chunks: Buffer[] = [];
    const read = new Promise<void>((resolve, reject) => {
      const stream = createReadStream(fifo);
      stream.on('data', (chunk) => chunks.push(chunk as Buffer));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const run = await scan('--format', `json:${fifo}`);
    await read;
    expect(run.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect((JSON.parse(Buffer.concat(chunks).toString()) as ScanReport).targets).toHaveLength(1);
  });

  it('14.2: a symlink to /dev/stdout is followed, never replaced', async () => {
    const link = join(dir, 'to-stdout.json');
    symlinkSync('/dev/stdout', link);
    // stdout is a file here: a child's default stdio is a socket, which /dev/stdout cannot reopen.
    const captured = join(dir, 'captured-stdout.json');
    const fd = openSync(captured, 'w');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'scan', target(), '--fail-on', 'none', '--format', 'json', '--output', link], { stdio: ['ignore', fd, 'ignore'] });
      child.on('close', resolve);
    });
    closeSync(fd);
    expect(code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('/dev/stdout');
    expect((JSON.parse(readFileSync(captured, 'utf8')) as ScanReport).targets).toHaveLength(1);
  });

  it('14.2: a symlink to a regular file keeps the link and gets the new report', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    expect((await scan('--format', 'json', '--output', link)).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect((JSON.parse(readFileSync(real, 'utf8')) as ScanReport).targets).toHaveLength(1);
  });

  it('14.2: -o /dev/full (ENOSPC) falls back to stdout and exits 2; /dev/full stays a device', async () => {
    const run = await scan('--format', 'json', '--output', '/dev/full');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/dev\/full could not be written \(ENOSPC\); the json report follows on stdout/);
    expect((JSON.parse(run.stdout) as ScanReport).targets).toHaveLength(1);
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('14.2: --record /dev/full fails the run with exit 2 and a note; the report still comes out', async () => {
    const run = await scan('--format', 'json', '--record', '/dev/full');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--record \/dev\/full could not be written \(ENOSPC\)/);
    expect((JSON.parse(run.stdout) as ScanReport).targets).toHaveLength(1);
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('14.2: --record to a regular file is still atomic and complete', async () => {
    const file = join(dir, 'rec.json');
    expect((await scan('--format', 'json', '--record', file)).code).toBe(0);
    const recording = JSON.parse(readFileSync(file, 'utf8')) as { exchanges: unknown[] };
    expect(recording.exchanges.length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((name) => name.startsWith('rec.json.'))).toEqual([]);
  });
});

describe('14.19: SIGKILL leftovers beside a report are cleaned on the next run', () => {
  it('a dead writer\'s <report>.<pid>.<time>.tmp is removed; a live one is kept', async () => {
    const sub = mkdtempSync(join(dir, 'leftovers-'));
    // A pid that is certainly gone: a child that has already exited.
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid!));
    });
    const stale = join(sub, `report.json.${dead}.1700000000000.tmp`);
    const live = join(sub, `report.json.${process.pid}.1700000000000.tmp`);
    writeFileSync(stale, '{"half": ');
    writeFileSync(live, '{"half": ');
    expect((await scan('--format', 'json', '--output', join(sub, 'report.json'))).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
