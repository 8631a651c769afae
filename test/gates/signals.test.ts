import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slowHeaders, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { ScanReport } from '../../src/model/report.js';
import { BIN, LAB_GUARD } from '../helpers/cli.js';

/** Sends its header section a byte a second, forever: every request to it stays in flight. */
let server: HostileServer;
beforeAll(async () => {
  server = await slowHeaders();
});
afterAll(() => server.close());

interface Interrupted {
  code: number | null;
  report: ScanReport;
  stderr: string;
  /** Connections the server had accepted when the first signal was sent, and at the end. */
  connectionsAtSignal: number;
  connectionsAtEnd: number;
  /** The process outlived the per-probe timeout: in-flight requests were not cut. */
  killed: boolean;
}

/**
 * Scans 200 paths of the stalling server with a 60 s per-probe timeout, sends `signals`
 * once the first requests are on the wire, and collects the outcome. Without a cut-off
 * the run would last at least 60 s per wave of requests; it is killed after 50 s.
 */
function scanAndSignal(signals: NodeJS.Signals[]): Promise<Interrupted> {
  const targets = Array.from({ length: 200 }, (_, index) => `http://127.0.0.1:${server.port}/p${index}/`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', LAB_GUARD, BIN, 'scan', ...targets, '--timeout', '60', '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const before = server.connections();
    let connectionsAtSignal = -1;
    let killed = false;
    let killer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (server.connections() === before || connectionsAtSignal !== -1) return;
      clearInterval(poll);
      connectionsAtSignal = server.connections();
      // Signals of one kind do not queue: the next goes once the previous one was acted on.
      const [first, ...rest] = signals;
      child.kill(first);
      const next = setInterval(() => {
        if ((stderr.match(/: stopping/g) ?? []).length < signals.length - rest.length) return;
        const signal = rest.shift();
        if (signal) child.kill(signal);
        else clearInterval(next);
      }, 20);
      child.on('close', () => clearInterval(next));
      killer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, 50_000);
    }, 20);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(killer);
      resolve({ code, report: JSON.parse(stdout || 'null') as ScanReport, stderr, connectionsAtSignal, connectionsAtEnd: server.connections(), killed });
    });
  });
}

describe('14.8: SIGINT/SIGTERM stop the scan promptly and still write the report', () => {
  it('14.8: after SIGTERM no new request leaves, in-flight requests are cut after the grace, the partial report is written, exit 2', async () => {
    const run = await scanAndSignal(['SIGTERM']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.report.interrupted).toBe(true);
    expect(run.stderr).toMatch(/SIGTERM: stopping; nothing new is sent/);
    // Requests already being connected may still land; the queue behind them may not (6 per host).
    expect(run.connectionsAtEnd - run.connectionsAtSignal).toBeLessThanOrEqual(6);
    // Every probe of a target in flight ended as aborted, none as a timeout.
    const errors = run.report.targets.flatMap((target) => (target.error ? [target.error.code] : []));
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors)).toEqual(new Set(['ERR_PROBE_ABORTED']));
  }, 120_000);

  it('14.8: a second signal cuts in-flight requests at once, writes what it has and exits 130', async () => {
    const run = await scanAndSignal(['SIGINT', 'SIGINT']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(130);
    expect(run.report.interrupted).toBe(true);
    expect(run.stderr).toMatch(/SIGINT: stopping now; writing the partial report/);
  }, 120_000);
});
