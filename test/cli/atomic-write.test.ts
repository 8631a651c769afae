import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okResponse, rawHttpServer, slowHeaders, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { ScanReport } from '../../src/model/report.js';
import { BIN, runCorscan } from '../helpers/cli.js';

const KILL_AT_FIRST_WRITE = fileURLToPath(new URL('../helpers/kill-at-first-write.cjs', import.meta.url));

let server: HostileServer;
beforeAll(async () => {
  server = await rawHttpServer((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: *'])));
});
afterAll(() => server.close());

/** Scans into `output`; with `killIn`, the process SIGKILLs itself after its first write to a file there. */
function scanInto(output: string, killIn?: string): Promise<NodeJS.Signals | number | null> {
  const targets = Array.from({ length: 3 }, (_, index) => `http://127.0.0.1:${server.port}/t${index}/`);
  const preload = killIn ? ['--require', KILL_AT_FIRST_WRITE] : [];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...preload, BIN, 'scan', ...targets, '--format', 'json', '--output', output, '--fail-on', 'none'], {
      stdio: 'ignore',
      env: { ...process.env, CORSCAN_TEST_KILL_DIR: killIn ?? '' },
    });
    child.on('exit', (code, signal) => resolve(signal ?? code));
  });
}

describe('reports are written atomically', () => {
  it('a SIGKILL in the middle of writing the report leaves the old report whole; the next run cleans up and replaces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corscan-kill-'));
    try {
      const output = join(dir, 'report.json');
      const old = `${JSON.stringify({ schemaVersion: 1, note: 'the previous report' })}\n`;
      writeFileSync(output, old);
      expect(await scanInto(output, dir)).toBe('SIGKILL');
      expect(readFileSync(output, 'utf8')).toBe(old);
      // The write that was cut short went to a temporary file beside the report.
      const leftovers = readdirSync(dir).filter((name) => name !== 'report.json');
      expect(leftovers).toEqual([expect.stringMatching(/^report\.json\.\d+\.\d+\.tmp$/)]);

      expect(await scanInto(output)).toBe(0);
      expect((JSON.parse(readFileSync(output, 'utf8')) as ScanReport).targets).toHaveLength(3);
      // The dead run's temporary file is gone.
      expect(readdirSync(dir)).toEqual(['report.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a report is never lost', () => {
  it('when --output cannot be written after the scan, the report goes to stdout and the run exits 2', async () => {
    const slow = await slowHeaders();
    const dir = mkdtempSync(join(tmpdir(), 'corscan-lost-'));
    const output = join(dir, 'report.json');
    try {
      // The first request proves the output check has passed; the directory vanishes during the scan.
      const watcher = setInterval(() => {
        if (slow.connections() > 0) {
          rmSync(dir, { recursive: true, force: true });
          clearInterval(watcher);
        }
      }, 5);
      // A short timeout: the stalled target only has to outlast the directory.
      const run = await runCorscan(['scan', `http://127.0.0.1:${slow.port}/`, '--timeout', '0.3', '--format', 'json', '--output', output]);
      clearInterval(watcher);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/report.json could not be written \(ENOENT\); the json report follows on stdout/);
      expect((JSON.parse(run.stdout) as ScanReport).targets).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});
