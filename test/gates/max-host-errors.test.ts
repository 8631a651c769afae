import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands/program.js';
import { RedirectTransport } from '../../src/http/redirect-transport.js';
import { RetryTransport } from '../../src/http/retry-transport.js';
import type { Transport } from '../../src/http/transport.js';
import { okResponse, rawHttpServer, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { ProbeSpec } from '../../src/model/probe.js';
import type { ScanReport } from '../../src/model/report.js';
import { memoryIo } from '../helpers/memory-io.js';

/** `/slow` accepts the request and never answers; every other path answers with ACAO: *. */
let server: HostileServer;
beforeAll(async () => {
  server = await rawHttpServer((socket, head) => {
    if (!/^\S+ \/slow/.test(head)) socket.end(okResponse(['Access-Control-Allow-Origin: *']));
  });
});
afterAll(() => server.close());

describe('--max-host-errors: connection failures count towards the host, a path timing out towards that path', () => {
  it('timeouts of a stalled /slow skip the rest of /slow, never the healthy paths of the same host', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const { io, stdout, stderr } = memoryIo();
    // One lane: /slow?a=1 runs (and times out) before the others are pulled.
    const args = ['scan', `${base}/slow?a=1`, `${base}/slow?a=2`, `${base}/ok`, `${base}/ok2`, '--concurrency', '1', '--max-host-errors', '2', '--timeout', '1'];
    await runCli([...args, '--format', 'json', '--fail-on', 'none', '--allow-unreachable'], io);
    const report = JSON.parse(stdout()) as ScanReport;
    const byUrl = Object.fromEntries(report.targets.map((target) => [target.url.replace(base, ''), target]));
    expect(byUrl['/slow?a=1']!.error?.code, stderr()).toBe('ERR_PROBE_TIMEOUT');
    // The path's own budget is spent: its next target is skipped, naming the path.
    expect(byUrl['/slow?a=2']!.status).toBe('skipped');
    expect(byUrl['/slow?a=2']!.error?.message).toContain(`${base}/slow timed out`);
    // The host answers on its other paths: they are probed and judged.
    expect(byUrl['/ok']!.status).toBe('scanned');
    expect(byUrl['/ok2']!.status).toBe('scanned');
    expect(report.findings.filter((finding) => finding.target === `${base}/ok`).map((finding) => finding.ruleId)).toContain('wildcard-origin');
  }, 60_000);

  it('refused connections still spend the host budget: the rest of the host is skipped', async () => {
    const { io, stdout } = memoryIo();
    const down = ['a', 'b', 'c'].map((path) => `http://127.0.0.1:1/${path}`);
    await runCli(['scan', ...down, '--max-host-errors', '1', '--concurrency', '1', '--format', 'json'], io);
    const report = JSON.parse(stdout()) as ScanReport;
    expect(report.targets.map((target) => target.status)).toEqual(['unreachable', 'skipped', 'skipped']);
    expect(report.targets[1]!.error?.message).toContain('its host failed');
  }, 60_000);
});

describe('probes not sent stay not sent, so failure counts are honest', () => {
  const probe = { id: 'simple:x', method: 'GET', url: 'http://h.test/a', headers: {}, origin: null } as unknown as ProbeSpec;
  const scripted = (answers: Exchange[]): Transport => ({ send: async () => answers.shift()!, close: async () => undefined });

  it('a probe refused by an open breaker keeps notSent and its scope through RedirectTransport', async () => {
    const refused: Exchange = { probe, error: { code: 'ERR_PROBE_TIMEOUT', message: 'not sent' }, durationMs: 0, notSent: true, scope: 'path' };
    const exchange = await new RedirectTransport(scripted([refused])).send(probe);
    expect(exchange).toMatchObject({ notSent: true, scope: 'path' });
  });

  it('a retry that was not sent leaves the failure of the probe that was', async () => {
    const sent: Exchange = { probe, error: { code: 'ERR_PROBE_CONNECT', message: 'ECONNREFUSED' }, durationMs: 1, scope: 'host' };
    const notSent: Exchange = { probe, error: { code: 'ERR_PROBE_CONNECT', message: 'not sent' }, durationMs: 0, notSent: true };
    const exchange = await new RetryTransport(scripted([sent, notSent]), { retries: 1, sleep: async () => undefined }).send(probe);
    expect(exchange).toBe(sent);
  });
});
