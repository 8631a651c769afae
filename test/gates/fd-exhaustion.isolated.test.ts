import { execFile } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/commands/program.js';
import { okResponse, rawHttpServer, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { ScanReport } from '../../src/model/report.js';
import { BIN, LAB_GUARD } from '../helpers/cli.js';
import { memoryIo } from '../helpers/memory-io.js';

/** How many connections the fake connector lets through before every further one fails with EMFILE. */
const budget = vi.hoisted(() => ({ connects: Infinity, code: 'EMFILE' }));

// This machine's descriptors are not exhausted for real: undici's connector is wrapped so that,
// past the budget, connecting fails as net.connect does when socket() returns EMFILE.
vi.mock('undici', async (importOriginal) => {
  const actual = await importOriginal<typeof import('undici')>();
  const buildConnector: typeof actual.buildConnector = (options) => {
    const real = actual.buildConnector(options);
    return ((connectOptions, callback) => {
      if (budget.connects <= 0) {
        const error = Object.assign(new Error(`connect ${budget.code} ${connectOptions.hostname}:${connectOptions.port} - Local (undefined:undefined)`), {
          code: budget.code,
          errno: -24,
          syscall: 'connect',
        });
        process.nextTick(() => (callback as (error: Error | null, socket: null) => void)(error, null));
        return;
      }
      budget.connects -= 1;
      return real(connectOptions, callback);
    }) as typeof real;
  };
  return { ...actual, buildConnector };
});

let server: HostileServer;
beforeAll(async () => {
  server = await rawHttpServer((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: *'])));
});
afterAll(() => server.close());

const targets = () => Array.from({ length: 12 }, (_, i) => `http://127.0.0.1:${server.port}/p${i}`);

describe('14.12: running out of file descriptors is the run\'s error, never the targets\'', () => {
  it.each(['EMFILE', 'ENFILE'])('14.12: %s from connect stops the run: exit 2, the ulimit hint, a partial report, no target blamed', async (code) => {
    budget.code = code;
    budget.connects = 60;
    const { io, stdout, stderr } = memoryIo();
    const exit = await runCli(['scan', ...targets(), '--concurrency', '2', '--format', 'json', '--allow-unreachable'], io);
    expect(exit).toBe(2);
    expect(stderr()).toMatch(new RegExp(`^corscan: too many open files \\(${code}\\): .* raise the limit with ulimit -n or lower --concurrency`, 'm'));
    const report = JSON.parse(stdout()) as ScanReport;
    expect(report.interrupted).toBe(true);
    // Stopped early: not every target was started, and none is blamed for the local failure.
    expect(report.targets.length).toBeLessThan(12);
    for (const target of report.targets) {
      expect(['ERR_PROBE_OTHER', 'ERR_PROBE_CONNECT']).not.toContain(target.error?.code);
    }
    expect(report.targets.some((target) => target.error?.message.includes(`too many open files on this machine (${code})`))).toBe(true);
  });

  it('14.12: with --quiet the one line that explains exit 2 names the limit', async () => {
    budget.code = 'EMFILE';
    budget.connects = 20;
    const { io, stderr } = memoryIo();
    expect(await runCli(['scan', ...targets(), '--concurrency', '2', '--format', 'json', '--quiet'], io)).toBe(2);
    expect(stderr()).toMatch(/^corscan: exit 2: too many open files \(EMFILE\): .*ulimit -n/m);
  });
});

describe('14.12: a real process under ulimit -n 64', () => {
  it('14.12: 120 connections in flight to a slow server exhaust 64 descriptors: exit 2 with the hint, the report still written', async () => {
    // Answers each request after 300 ms, so the connections corscan opens stay open together.
    const slow = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => {
        const timer = setTimeout(() => socket.end('HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'), 300);
        socket.once('close', () => clearTimeout(timer));
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const port = (slow.address() as AddressInfo).port;
    try {
      const urls = Array.from({ length: 20 }, (_, i) => `http://127.0.0.1:${port}/p${i}`);
      const command = ['ulimit -n 64 && exec "$0" "$@"', process.execPath, '--require', LAB_GUARD, BIN, 'scan', ...urls, '--per-host', '120', '--max-per-host', '120', '--format', 'json'];
      const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile('bash', ['-c', ...command], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        });
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^corscan: too many open files \(EMFILE\): .*raise the limit with ulimit -n or lower --concurrency/m);
      const report = JSON.parse(run.stdout) as ScanReport;
      expect(report.interrupted).toBe(true);
      for (const target of report.targets) expect(['ERR_PROBE_OTHER', 'ERR_PROBE_CONNECT']).not.toContain(target.error?.code);
    } finally {
      slow.close();
    }
  }, 90_000);
});
