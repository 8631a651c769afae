import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands/program.js';
import { okResponse, rawHttpServer, redirectLoop, redirectTo, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { ScanReport } from '../../src/model/report.js';
import { memoryIo } from '../helpers/memory-io.js';

let loop: HostileServer;
let ok: HostileServer;
let once: HostileServer;
beforeAll(async () => {
  loop = await redirectLoop();
  ok = await rawHttpServer((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: *'])));
  once = await redirectTo(`http://127.0.0.1:${ok.port}/final`);
});
afterAll(async () => {
  await Promise.all([loop.close(), ok.close(), once.close()]);
});

describe('19: a redirect chain cut at the hop limit says so', () => {
  it('19: in the JSON result (redirectsCut), on stderr and in the table', async () => {
    const target = `http://127.0.0.1:${loop.port}/api`;
    const json = memoryIo();
    await runCli(['scan', target, `http://127.0.0.1:${once.port}/api`, '--format', 'json', '--fail-on', 'none'], json.io);
    const report = JSON.parse(json.stdout()) as ScanReport;
    const looping = report.targets.find((result) => result.url === target)!;
    expect(looping.redirectsCut).toMatchObject({ maxHops: 5, location: target });
    expect(looping.redirectsCut!.probes).toBeGreaterThan(0);
    // A chain that ends within the limit is not cut.
    expect(report.targets.find((result) => result.url !== target)!.redirectsCut).toBeUndefined();
    expect(json.stderr()).toContain(`corscan: ${target}: redirects cut after 5 hops on ${looping.redirectsCut!.probes} probes (next: ${target}): the answer at the end of the chain was not checked`);

    const table = memoryIo();
    await runCli(['scan', target, '--fail-on', 'none'], table.io);
    expect(table.stdout().replace(/\s+/g, ' ')).toMatch(/redirects cut after 5 hops on \d+ probes/);
    const markdown = memoryIo();
    await runCli(['scan', target, '--fail-on', 'none', '--format', 'markdown'], markdown.io);
    expect(markdown.stdout()).toMatch(/redirects cut after 5 hops/);
  });
});
