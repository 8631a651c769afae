import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHttpServer, okResponse, type HostileServer } from '../../src/lab/hostile/servers.js';
import { RedactionPolicy } from '../../src/engine/redaction.js';
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
    // Not every probe carries them: the credential-less GET of cors-on-error-only drops Authorization.
    expect(received.some((head) => head.includes(AUTH) && head.includes(API_KEY))).toBe(true);
    // ... and appear nowhere in what corscan printed.
    for (const secret of SECRET_TEXT) {
      expect(run.stdout).not.toMatch(secret);
      expect(run.stderr).not.toMatch(secret);
    }
    if (format === 'json') expect(run.stdout).toContain('[redacted]');
  });

  it('curl lines and evidence carry [redacted] for every secret header', async () => {
    const report = JSON.parse((await runCorscan([...args(), '--format', 'json'])).stdout) as ScanReport;
    // Preflights carry none of the user's headers (browsers send no credentials on them).
    const evidence = report.findings.flatMap((finding) => finding.evidence).filter((item) => item.request.method !== 'OPTIONS');
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
  const policy = (headers: Record<string, string>, secretHeaders: string[] = []) => new RedactionPolicy({ showSecrets: false, secretHeaders, headers: [headers] });

  it('hides whole values, long fragments and JSON-escaped forms; leaves short words alone', () => {
    const redaction = policy({ Authorization: 'Bearer abc"def\\ghi12345', Accept: 'application/json-secret-not' });
    expect(redaction.text('token abc"def\\ghi12345 here')).toBe('token [redacted] here');
    expect(redaction.text(JSON.stringify({ a: 'Bearer abc"def\\ghi12345' }))).toBe('{"a":"[redacted]"}');
    expect(redaction.text('Bearer is a word; application/json-secret-not is not secret')).toBe('Bearer is a word; application/json-secret-not is not secret');
  });

  it('marks --secret-header names case-insensitively and walks keys and nested values', () => {
    const redaction = policy({ 'X-API-KEY': 'k-1234567890' }, ['x-api-key']);
    expect(redaction.deep({ list: [['X', 'k-1234567890']], 'k-1234567890': 1, n: 2 })).toEqual({ list: [['X', '[redacted]']], '[redacted]': 1, n: 2 });
    expect(new RedactionPolicy({ showSecrets: true, secretHeaders: [], headers: [{ Authorization: 'k-1234567890' }] }).deep({ a: 'k-1234567890' })).toEqual({ a: 'k-1234567890' });
  });

  it('hides URL userinfo and secret-looking query values wherever a URL appears, and their echoes', () => {
    const redaction = policy({});
    expect(redaction.text("curl 'https://alice:pa55word-xyz@api.test/v1?api_key=KEY-0123456789&view=1#x'")).toBe("curl 'https://[redacted]@api.test/v1?api_key=[redacted]&view=1#x'");
    // Learned from the URL: the server echoing the key elsewhere is hidden too.
    expect(redaction.text('X-Echo: KEY-0123456789')).toBe('X-Echo: [redacted]');
    expect(redaction.text('/p?accessToken=t0k3n-abcdefgh&X-Amz-Signature=abc&page=2&sort_key=x')).toBe('/p?accessToken=[redacted]&X-Amz-Signature=[redacted]&page=2&sort_key=[redacted]');
    expect(redaction.text('/p?design=1&keyboard=2&monkey=3')).toBe('/p?design=1&keyboard=2&monkey=3');
    // A placeholder already in a URL (a HAR's kept query) is replaced once and never garbles later redactions.
    expect(redaction.text(redaction.text('/p?api_key=redacted'))).toBe('/p?api_key=[redacted]');
    expect(redaction.text('[redacted] stays')).toBe('[redacted] stays');
  });

  it('scrubs a recorded exchange everywhere: request, response, redirect hops, error', () => {
    const redaction = policy({ 'X-Token': 'tok-0123456789' }, ['x-token']);
    const exchange = redaction.exchange({
      probe: { id: 'simple:arbitrary-origin', families: ['arbitrary-origin'], method: 'GET', url: 'https://api.test/?token=qs-0123456789', headers: { 'X-Token': 'tok-0123456789' }, origin: null, why: 'test' },
      response: { status: 200, headers: [['WWW-Authenticate', 'Bearer realm="tok-0123456789"'], ['X-Echo', 'qs-0123456789']] },
      hops: [{ url: 'https://api.test/?token=qs-0123456789', method: 'GET', origin: null, status: 302, headers: [['Location', '/next?x=tok-0123456789']] }],
      error: { code: 'ERR_PROBE_OTHER', message: 'failed at https://u:p@h.test/ with tok-0123456789' },
      durationMs: 1,
    });
    const text = JSON.stringify(exchange);
    expect(text).not.toMatch(/tok-0123456789|qs-0123456789|u:p@/);
    expect(exchange.probe.headers['X-Token']).toBe('[redacted]');
  });

  it('scans in linear time: a long run of separators is not retried from every position', () => {
    const redaction = policy({});
    const hostile = `${';'.repeat(200_000)}${'a'.repeat(200_000)}${'://a'.repeat(50_000)}`;
    expect(redaction.text(hostile)).toBe(hostile);
  });
});

describe('secrets in every output (issue 13 §3, 14.13, 14.16)', () => {
  it('a --trusted-origin with a credential is not echoed in its error', async () => {
    const run = await runCorscan(['scan', 'https://api.test/', '--trusted-origin', 'ftp://alice:s3cr3t-trusted@app.test']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--trusted-origin');
    expect(run.stderr).not.toContain('s3cr3t-trusted');
  });
});
