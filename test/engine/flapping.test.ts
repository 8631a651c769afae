import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { compareAnswers, FLAP_PROBE_ID, FLAP_REPEATS } from '../../src/engine/flapping.js';
import { scanTarget } from '../../src/engine/scan.js';
import { UndiciTransport } from '../../src/http/undici-transport.js';
import { alternatingAcao, rateLimitsRepeats, variesByCookieAndMethod, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { Exchange } from '../../src/model/exchange.js';
import { ATTACKER_ORIGIN } from '../../src/probe/attacker.js';
import { runCorscan } from '../helpers/cli.js';
import { scanOptions } from '../helpers/scan-options.js';

// Issue 14 item 20: a server that answers the same request differently gets a warning naming
// the probe and the values that changed; consistent servers that vary by Cookie or method do not.

const options = scanOptions();

async function scanServer(start: () => Promise<HostileServer>) {
  const server = await start();
  const transport = new UndiciTransport({ timeoutMs: 5_000, perHostConnections: 4, insecure: false, resolve: [], userAgent: 'corscan-test' });
  try {
    return await scanTarget(`http://127.0.0.1:${server.port}/api/`, options, transport);
  } finally {
    await transport.close();
    await server.close();
  }
}

describe('flapping servers', () => {
  it('a server alternating Access-Control-Allow-Origin per request is named with the probe and each answer', async () => {
    const { result, exchanges } = await scanServer(() => alternatingAcao());
    const acao = result.flapping?.find((flap) => flap.field === 'access-control-allow-origin');
    expect(acao).toMatchObject({ probeId: FLAP_PROBE_ID });
    expect(acao!.values).toHaveLength(1 + FLAP_REPEATS);
    expect(new Set(acao!.values)).toEqual(new Set([ATTACKER_ORIGIN, '(none)']));
    // The repeats are requests on the wire (counted), not probes: the status stays `scanned`.
    expect(result.status).toBe('scanned');
    expect(result.requests).toBe(exchanges.length);
    expect(exchanges.filter((exchange) => exchange.probe.id === FLAP_PROBE_ID)).toHaveLength(1 + FLAP_REPEATS);
  });

  it('a consistent server that varies by Cookie and method is not flapping', async () => {
    const { result } = await scanServer(variesByCookieAndMethod);
    expect(result.status).toBe('scanned');
    expect(result.flapping).toBeUndefined();
  });

  it('a rate limit on the repeats (429) is not flapping', async () => {
    const { result } = await scanServer(rateLimitsRepeats);
    expect(result.flapping).toBeUndefined();
  });

  it('compares the status and the CORS headers only; failed sends and temporary refusals are left out', () => {
    const answer = (status: number, headers: [string, string][]): Exchange => ({
      probe: { id: 'simple:arbitrary-origin', families: ['arbitrary-origin'], method: 'GET', url: 'https://a.test/', headers: {}, origin: null, why: '' },
      response: { status, headers },
      durationMs: 1,
    });
    const same = answer(200, [['Access-Control-Allow-Origin', '*'], ['Date', 'Mon']]);
    expect(compareAnswers('simple:x', [same, answer(200, [['access-control-allow-origin', '*'], ['Date', 'Tue']])])).toEqual([]);
    expect(compareAnswers('simple:x', [same, answer(503, []), { ...same, response: undefined, error: { code: 'ERR_PROBE_TIMEOUT', message: 't' } }])).toEqual([]);
    expect(compareAnswers('simple:x', [same, answer(403, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Origin', 'https://b.test']])])).toEqual([
      { probeId: 'simple:x', field: 'status', values: ['200', '403'] },
      { probeId: 'simple:x', field: 'access-control-allow-origin', values: ['*', '*, https://b.test'] },
    ]);
  });
});

describe('the flapping warning in every output', () => {
  it('is on stderr and in JSON, table and markdown, with the server text capped, escaped and inert', async () => {
    // Markdown and an 8-bit CSI in the flapping value: escaped like every server text.
    const server = await alternatingAcao('/![x](http://evil.example/a.png)\u009b31m');
    try {
      const url = `http://127.0.0.1:${server.port}/api/`;
      const json = await runCorscan(['scan', url, '--format', 'json', '--fail-on', 'none']);
      const report = JSON.parse(json.stdout) as { targets: { flapping?: { probeId: string; field: string; values: string[] }[] }[] };
      expect(report.targets[0]!.flapping).toEqual(expect.arrayContaining([expect.objectContaining({ probeId: FLAP_PROBE_ID, field: 'access-control-allow-origin' })]));
      expect(json.stdout).toContain('\\u009b31m');
      // The field is described by the shipped schema.
      const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      (ajvFormats as unknown as typeof ajvFormats.default)(ajv);
      const validate = ajv.compile(schema);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(json.stderr).toMatch(new RegExp(`answered the same request differently \\(flapping\\): ${FLAP_PROBE_ID} answered 3 times: .*access-control-allow-origin`));
      expect(json.stderr).not.toMatch(/[\u0080-\u009f]/);
      expect(json.stderr).toContain('\\u009b31m');
      const table = await runCorscan(['scan', url, '--fail-on', 'none']);
      expect(table.stdout).toMatch(/flapping: the same request got different answers: simple:arbitrary-origin answered 3 times/);
      const markdown = await runCorscan(['scan', url, '--format', 'markdown', '--fail-on', 'none']);
      const rows = markdown.stdout.split('\n').filter((line) => line.includes(FLAP_PROBE_ID) && line.includes('access-control-allow-origin'));
      expect(rows.length).toBe(1);
      expect(markdown.stdout).toContain('### Flapping servers');
      // Server text only inside code spans: nothing outside them renders as an image or link.
      expect(rows[0]!.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '')).not.toMatch(/!?\[[^\]]*\]\(/);
    } finally {
      await server.close();
    }
  }, 60_000);
});
