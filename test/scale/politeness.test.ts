import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCorscan } from '../helpers/cli.js';
import { startCountingServer, type CountingServer } from '../helpers/counting-server.js';

let server: CountingServer;
beforeAll(async () => {
  server = await startCountingServer(40);
});
afterAll(() => server.close());

const resolveArgs = (hosts: string[]) => hosts.flatMap((host) => ['--resolve', `${host}:${server.port}:127.0.0.1`]);

describe('politeness, measured by a counting loopback server', () => {
  it('--per-host N --max-per-host N caps the connections (and so the requests in flight) to each host', async () => {
    const hosts = ['cap-a.victim.test', 'cap-b.victim.test'];
    const targets = hosts.flatMap((host) => Array.from({ length: 6 }, (_, i) => `http://${host}:${server.port}/t${i}`));
    const run = await runCorscan(['scan', ...targets, ...resolveArgs(hosts), '--per-host', '2', '--max-per-host', '2', '--concurrency', '8', '--fail-on', 'none', '--format', 'json']);
    expect(run.code).toBe(0);
    for (const host of hosts) {
      const stats = server.stats.get(`${host}:${server.port}`)!;
      expect(stats.arrivals.length).toBeGreaterThanOrEqual(6 * 4);
      expect(stats.maxInFlight).toBeLessThanOrEqual(2);
      // The cap is reached, so the test would notice a scan that never parallelises either.
      expect(stats.maxInFlight).toBe(2);
    }
  });

  it('the adaptive limit never takes a host above --max-per-host', async () => {
    const hosts = ['max-a.victim.test'];
    const targets = Array.from({ length: 6 }, (_, i) => `http://${hosts[0]}:${server.port}/m${i}`);
    const run = await runCorscan(['scan', ...targets, ...resolveArgs(hosts), '--per-host', '2', '--max-per-host', '3', '--concurrency', '8', '--fail-on', 'none', '--format', 'json']);
    expect(run.code).toBe(0);
    const stats = server.stats.get(`${hosts[0]}:${server.port}`)!;
    expect(stats.maxInFlight).toBeGreaterThanOrEqual(2);
    expect(stats.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('--max-per-host below --per-host is a usage error', async () => {
    const run = await runCorscan(['scan', `http://bad.victim.test:${server.port}/`, '--per-host', '8', '--max-per-host', '4']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--max-per-host 4 is below --per-host 8/);
  });

  it('--rate-limit keeps every host at or under n requests per second, over any window', async () => {
    const hosts = ['rate-a.victim.test', 'rate-b.victim.test'];
    // One target per host: a full-rule-set target sends well over a second's worth of probes.
    const targets = hosts.map((host) => `http://${host}:${server.port}/r0`);
    // A reflect-all target sends only ~20 probes (the narrower origin-trust probes add nothing then), so the
    // rate is low enough that they still span more than two seconds.
    const rate = 8;
    const run = await runCorscan(['scan', ...targets, ...resolveArgs(hosts), '--rate-limit', String(rate), '--per-host', '8', '--concurrency', '8', '--fail-on', 'none', '--format', 'json']);
    expect(run.code).toBe(0);
    for (const host of hosts) {
      const arrivals = server.stats.get(`${host}:${server.port}`)!.arrivals;
      // More requests than one second allows, so an unlimited scan (all within ~0.1 s) fails.
      expect(arrivals.length).toBeGreaterThanOrEqual(2 * rate);
      // Requests leave 1/rate apart; arrivals may jitter by a few ms on a busy machine,
      // so the span and each window are checked with 10 % slack (plus one request per window).
      expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(((arrivals.length - 1) * 1000 * 0.9) / rate);
      for (const start of arrivals) expect(arrivals.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(Math.ceil(rate * 1.1) + 1);
    }
  });
});
