import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okResponse, rawHttpServer, type HostileServer } from '../../src/lab/hostile/servers.js';
import { RunTempDir } from '../../src/cli/output/run-temp-dir.js';
import { BIN, LAB_GUARD, runCorscan } from '../helpers/cli.js';
import { testDir } from '../helpers/temp-dir.js';

const dir = testDir('tmpdir-test');

let stalled: HostileServer;
let ok: HostileServer;
beforeAll(async () => {
  // Accepts every request and never answers: the scan stays in flight until it is killed.
  stalled = await rawHttpServer(() => undefined);
  ok = await rawHttpServer((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: *'])));
});
afterAll(async () => {
  await Promise.all([stalled.close(), ok.close()]);
});

const runDirs = (dir: string) => readdirSync(dir).filter((entry) => entry.startsWith('corscan-'));

describe('19: a run keeps its scratch files in one temporary directory; a killed run\'s is removed by the next', () => {
  it('19: SIGKILL leaves $TMPDIR/corscan-<pid>-*; the next run removes it (and its own), a live run\'s is kept', async () => {
    const tmp = mkdtempSync(join(dir, 'tmpdir-'));
    const env = { ...process.env, TMPDIR: tmp, NO_COLOR: '1' };
    const child = spawn(process.execPath, ['--require', LAB_GUARD, BIN, 'scan', `http://127.0.0.1:${stalled.port}/`, '--timeout', '60', '--format', 'json', '-o', join(tmp, 'out.json')], { env, stdio: 'ignore' });
    try {
      const mine = new RegExp(`^corscan-${child.pid}-`);
      for (let i = 0; i < 150 && !runDirs(tmp).some((entry) => mine.test(entry)); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(runDirs(tmp).filter((entry) => mine.test(entry))).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    const [leftover] = runDirs(tmp);
    expect(leftover).toMatch(new RegExp(`^corscan-${child.pid}-`));
    expect(readdirSync(join(tmp, leftover!))).toContain('report-spool');
    // This test process is alive: a directory in its name is a live run's and must be kept.
    const live = `corscan-${process.pid}-abcdef`;
    mkdirSync(join(tmp, live));

    const next = await runCorscan(['scan', `http://127.0.0.1:${ok.port}/`, '--format', 'json', '--fail-on', 'none'], { process: true, env: { TMPDIR: tmp } });
    expect(next.code, next.stderr).toBe(0);
    expect(existsSync(join(tmp, leftover!))).toBe(false);
    // The next run removed its own directory at its end too: only the live one is left.
    expect(runDirs(tmp)).toEqual([live]);
  }, 60_000);
});

describe('run directories in one process (the CLI in-process, many runs)', () => {
  it('share one exit listener, however many are alive, and each is removed on its own', () => {
    const before = process.listenerCount('exit');
    const dirs = Array.from({ length: 12 }, () => new RunTempDir());
    // Node warns past ten listeners: one per run leaked a warning into test output.
    expect(process.listenerCount('exit') - before).toBeLessThanOrEqual(1);
    for (const dir of dirs) {
      expect(existsSync(dir.path)).toBe(true);
      dir.remove();
      expect(existsSync(dir.path)).toBe(false);
    }
  });
});
