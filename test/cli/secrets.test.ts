import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHttpServer, okResponse, type HostileServer } from '../../src/lab/hostile/servers.js';
import { scrubDeep, scrubText, secretValues } from '../../src/engine/scrub.js';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';

const AUTH = 'Bearer tok-AAAA1111-auth';
const COOKIE = 'session=cookie-BBBB2222';
const PROXY = 'Basic cHJveHk6QkJCQjMzMzM=';
const API_KEY = 'key-CCCC3333-custom';
const SECRET_TEXT = [/tok-AAAA1111/, /cookie-BBBB2222/, /cHJveHk6QkJCQjMzMzM/, /key-CCCC3333/];

/** A server that echoes every credential it receives, in headers and in a Location, and grants any origin. */
let echo: HostileServer;
const received: string[] = [];

beforeAll(async () => {
  echo = await rawHttpServer((socket, head) => {
    received.push(head);
    const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
    const origin = header('origin') || 'https://corscan-attacker.example';
    socket.end(
      okResponse([
        `Access-Control-Allow-Origin: ${origin}`,
        'Access-Control-Allow-Credentials: true',
        `X-Debug-Auth: ${header('authorization')}`,
        `X-Debug-Cookie: ${header('cookie')}`,
        `X-Debug-Proxy: ${header('proxy-authorization')}`,
        `X-Api-Key: ${header('x-api-key')}`,
        `Set-Cookie: ${header('cookie')}; HttpOnly`,
      ]),
    );
  });
});
afterAll(() => echo.close());

const args = () => [
  'scan',
  `http://127.0.0.1:${echo.port}/api/?view=1`,
  '--header', `Authorization: ${AUTH}`,
  '--header', `Cookie: ${COOKIE}`,
  '--header', `Proxy-Authorization: ${PROXY}`,
  '--header', `X-Api-Key: ${API_KEY}`,
  '--secret-header', 'x-api-key',
  '--fail-on', 'none',
];

describe('secrets never reach an output', () => {
  it.each(['json', 'table'])('--format %s: no secret in stdout or stderr, though the server echoed them all', async (format) => {
    const run = await runCorscan([...args(), '--format', format]);
    expect(run.code).toBe(0);
    // The secrets were really sent (so the test can fail) ...
    expect(received.at(-1)).toContain(AUTH);
    expect(received.at(-1)).toContain(API_KEY);
    // ... and appear nowhere in what corscan printed.
    for (const secret of SECRET_TEXT) {
      expect(run.stdout).not.toMatch(secret);
      expect(run.stderr).not.toMatch(secret);
    }
    if (format === 'json') expect(run.stdout).toContain('[redacted]');
  });

  it('curl lines and evidence carry [redacted] for every secret header', async () => {
    const report = JSON.parse((await runCorscan([...args(), '--format', 'json'])).stdout) as ScanReport;
    const evidence = report.findings.flatMap((finding) => finding.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const item of evidence) {
      expect(item.request.headers).toMatchObject({ Authorization: '[redacted]', Cookie: '[redacted]', 'Proxy-Authorization': '[redacted]', 'X-Api-Key': '[redacted]' });
      expect(item.curl).toContain("'Authorization: [redacted]'");
      expect(Object.fromEntries(item.response!.headers)).toMatchObject({ 'X-Api-Key': '[redacted]', 'Set-Cookie': '[redacted]', 'X-Debug-Auth': '[redacted]' });
    }
  });

  it('--show-secrets shows them (without --secret-header, which it conflicts with)', async () => {
    const run = await runCorscan([...args().filter((arg, index, all) => arg !== '--secret-header' && all[index - 1] !== '--secret-header'), '--format', 'json', '--show-secrets']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(AUTH);
    expect(run.stdout).toContain(API_KEY);
  });
});

describe('secrets echoed into error messages', () => {
  it('a token a server puts into a redirect host name is scrubbed from the DNS error on stderr and in the report', async () => {
    // The redirect is followed to http://<token>.invalid/, whose lookup fails (locally, by the lab guard) naming the host.
    const redirector = await rawHttpServer((socket, head) => {
      const token = /^authorization:\s*Bearer\s+(\S+)/im.exec(head)?.[1] ?? 'none';
      socket.end(['HTTP/1.1 302 Found', `Location: http://${token}.invalid/`, 'Content-Length: 0', 'Connection: close', '', ''].join('\r\n'));
    });
    try {
      const run = await runCorscan([
        'scan', `http://127.0.0.1:${redirector.port}/`, '--header', 'Authorization: Bearer echoed-secret-token', '--format', 'json', '--timeout', '2',
      ]);
      // Preflights are not followed (a 3xx preflight fails in browsers) and answer; every
      // followed request fails on the lookup: the target is partial, its error names the host.
      const report = JSON.parse(run.stdout) as ScanReport;
      expect(report.targets[0]).toMatchObject({ status: 'partial', error: { code: 'ERR_PROBE_DNS' } });
      expect(report.targets[0]!.error!.message).toMatch(/\[redacted\]\.invalid/);
      expect(run.stderr).not.toContain('echoed-secret-token');
      expect(run.stdout).not.toContain('echoed-secret-token');
    } finally {
      await redirector.close();
    }
  });
});

describe('scrubbing', () => {
  it('hides whole values, long fragments and JSON-escaped forms; leaves short words alone', () => {
    const secrets = secretValues({ Authorization: 'Bearer abc"def\\ghi12345', Accept: 'application/json-secret-not' }, []);
    expect(scrubText('token abc"def\\ghi12345 here', secrets)).toBe('token [redacted] here');
    expect(scrubText(JSON.stringify({ a: 'Bearer abc"def\\ghi12345' }), secrets)).toBe('{"a":"[redacted]"}');
    expect(scrubText('Bearer is a word; application/json-secret-not is not secret', secrets)).toBe('Bearer is a word; application/json-secret-not is not secret');
  });

  it('marks --secret-header names case-insensitively and walks keys and nested values', () => {
    const secrets = secretValues({ 'X-API-KEY': 'k-1234567890' }, ['x-api-key']);
    expect(scrubDeep({ list: [['X', 'k-1234567890']], 'k-1234567890': 1, n: 2 }, secrets)).toEqual({ list: [['X', '[redacted]']], '[redacted]': 1, n: 2 });
    expect(scrubDeep({ a: 'k-1234567890' }, [])).toEqual({ a: 'k-1234567890' });
  });
});
