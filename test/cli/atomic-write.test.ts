import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okResponse, rawHttpServer, slowHeaders, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { ScanReport } from '../../src/model/report.js';
import { BIN, runCorscan } from '../helpers/cli.js';

/** Answers with ~60 KB of headers, so the evidence makes a report of several MB that takes a while to write. */
let big: HostileServer;
beforeAll(async () => {
  const padding = Array.from({ length: 60 }, (_, index) => `X-Pad-${index}: ${'p'.repeat(1000)}`);
  big = await rawHttpServer((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: *', ...padding])));
});
afterAll(() => big.close());

/**
 * Runs a scan writing `output`, and SIGKILLs corscan the moment anything in the
 * output's directory changes: that is the start of writing the report.
 */
function killAtFirstWrite(dir: string, output: string): Promise<NodeJS.Signals | null> {
  const targets = Array.from({ length: 12 }, (_, index) => `http://127.0.0.1:${big.port}/t${index}/`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'scan', ...targets, '--format', 'json', '--output', output, '--fail-on', 'none'], { stdio: 'ignore' });
    const watcher = watch(dir, () => child.kill('SIGKILL'));
    child.on('exit', (_code, signal) => {
      watcher.close();
      resolve(signal);
    });
  });
}

describe('reports are written atomically', () => {
  it('a SIGKILL while the report is being written leaves the old report or a complete new one, never a torn file', async () => {
    const old = `${JSON.stringify({ schemaVersion: 1, note: 'the previous report' })}\n`;
    let killedMidRun = 0;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const dir = mkdtempSync(join(tmpdir(), 'corscan-kill-'));
      const output = join(dir, 'report.json');
      writeFileSync(output, old);
      const signal = await killAtFirstWrite(dir, output);
      if (signal === 'SIGKILL') killedMidRun += 1;
      const text = readFileSync(output, 'utf8');
      if (text !== old) {
        const report = JSON.parse(text) as ScanReport; // throws on a torn file
        expect(report.targets).toHaveLength(12);
      }
    }
    // The kill did land while corscan was running (the writer was interrupted at least once).
    expect(killedMidRun).toBeGreaterThan(0);
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
