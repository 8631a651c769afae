import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands/program.js';
import { HostBreaker } from '../../src/http/host-breaker.js';
import { okResponse, rawHttpServer, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { ScanReport } from '../../src/model/report.js';
import { memoryIo } from '../helpers/memory-io.js';

/** `/slow` accepts the request and never answers; every other path answers with ACAO: *. */
let server: HostileServer;
/** Request lines that reached /slow... paths, in order. */
const slowRequests: string[] = [];
beforeAll(async () => {
  server = await rawHttpServer((socket, head) => {
    if (/^\S+ \/slow/.test(head)) slowRequests.push(head.slice(0, head.indexOf(' HTTP/')));
    else socket.end(okResponse(['Access-Control-Allow-Origin: *']));
  });
});
afterAll(() => server.close());

const failure = (code: Exchange['error'] extends infer E ? (E extends { code: infer C } ? C : never) : never): Exchange =>
  ({ probe: {} as Exchange['probe'], error: { code, message: code }, durationMs: 1 }) as Exchange;

describe('14.5: the host breaker trips per host for connection failures, per path for timeouts', () => {
  it('14.5: a stalled /slow does not make /ok on the same host unreachable (scan with --timeout 1)', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const { io, stdout } = memoryIo();
    await runCli(['scan', `${base}/slow`, `${base}/ok`, '--timeout', '1', '--format', 'json', '--fail-on', 'none'], io);
    const report = JSON.parse(stdout()) as ScanReport;
    const byPath = Object.fromEntries(report.targets.map((target) => [new URL(target.url).pathname, target]));
    // Probes to other paths of the host (an error page) may answer: /slow is unreachable or partial.
    expect(byPath['/slow']!.status).not.toBe('scanned');
    expect(byPath['/slow']!.error?.code).toBe('ERR_PROBE_TIMEOUT');
    expect(byPath['/ok']!.status).toBe('scanned');
    expect(report.findings.filter((finding) => finding.target === `${base}/ok`).map((finding) => finding.ruleId)).toContain('wildcard-origin');
  }, 180_000);

  it('a stalled path gets one wave of probes (--per-host), not a second started as the first times out', async () => {
    const { io, stdout } = memoryIo();
    await runCli(['scan', `http://127.0.0.1:${server.port}/slow-wave`, '--per-host', '6', '--timeout', '0.5', '--format', 'json', '--fail-on', 'none'], io);
    const [target] = (JSON.parse(stdout()) as ScanReport).targets;
    expect(target!.error?.code).toBe('ERR_PROBE_TIMEOUT');
    // Six time out together; the breaker then answers for the path. (Halving the limit on the
    // first timeout let two more in as the wave ended, each a timeout of its own: 8.) The 404
    // sibling below it is another path, with a wave of its own.
    expect(slowRequests.filter((line) => line.endsWith(' /slow-wave'))).toHaveLength(6);
  }, 60_000);

  it('14.5: refused connections open the breaker for every path of the host', () => {
    const breaker = new HostBreaker(2, 10_000);
    const a = new URL('http://h.test/a');
    breaker.record(a, failure('ERR_PROBE_CONNECT'), false, 0);
    breaker.record(a, failure('ERR_PROBE_CONNECT'), false, 0);
    expect(breaker.check(new URL('http://h.test/b'), 1)?.code).toBe('ERR_PROBE_CONNECT');
  });

  it('14.5: timeouts on a host that accepts connections open only that path', () => {
    const breaker = new HostBreaker(2, 10_000);
    const slow = new URL('http://h.test/slow?x=1');
    breaker.record(slow, failure('ERR_PROBE_TIMEOUT'), true, 0);
    breaker.record(slow, failure('ERR_PROBE_TIMEOUT'), true, 0);
    expect(breaker.check(new URL('http://h.test/slow?y=2'), 1)?.code).toBe('ERR_PROBE_TIMEOUT');
    expect(breaker.check(new URL('http://h.test/ok'), 1)).toBeUndefined();
    // A host no connection has opened to (SYN dropped) times out as a whole.
    const dark = new URL('http://dark.test/a');
    breaker.record(dark, failure('ERR_PROBE_TIMEOUT'), false, 0);
    breaker.record(dark, failure('ERR_PROBE_TIMEOUT'), false, 0);
    expect(breaker.check(new URL('http://dark.test/b'), 1)?.code).toBe('ERR_PROBE_TIMEOUT');
  });
});
