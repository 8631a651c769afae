import { describe, expect, it } from 'vitest';
import { UndiciTransport } from '../../src/http/undici-transport.js';
import { H2_BAD_ANSWERS, h2BadHeadersServer, h2OnlyDroppingFirst, type H2BadAnswer } from '../../src/lab/hostile/h2-servers.js';
import { PARSER_ERROR_ANSWERS, parserErrorServer, type HostileServer, type ParserErrorAnswer } from '../../src/lab/hostile/servers.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { ProbeSpec } from '../../src/model/probe.js';

// Issue 14 item 17: answers the HTTP parser refuses are ERR_PROBE_PROTOCOL (README, "error codes"),
// whichever client (undici for HTTP/1.1, node:http2 for h2) refused them.

const probe = (url: string): ProbeSpec => ({
  id: 'simple:arbitrary-origin',
  families: ['arbitrary-origin'],
  method: 'GET',
  url,
  headers: { Origin: 'https://corscan-attacker.example' },
  origin: 'https://corscan-attacker.example',
  why: 'test',
});

async function sendTo(start: () => Promise<HostileServer>, scheme: 'http' | 'https'): Promise<Exchange> {
  const server = await start();
  const transport = new UndiciTransport({ timeoutMs: 5_000, perHostConnections: 1, insecure: true, resolve: [], userAgent: 'corscan-test' });
  try {
    return await transport.send(probe(`${scheme}://127.0.0.1:${server.port}/api/`));
  } finally {
    await transport.close();
    await server.close();
  }
}

describe('malformed HTTP/1.1 answers are ERR_PROBE_PROTOCOL', () => {
  it.each(Object.keys(PARSER_ERROR_ANSWERS) as ParserErrorAnswer[])('%s', async (answer) => {
    const exchange = await sendTo(() => parserErrorServer(answer), 'http');
    expect(exchange.error?.code, exchange.error?.message).toBe('ERR_PROBE_PROTOCOL');
    expect(exchange.error?.message).toMatch(/does not match the HTTP\/1\.1 protocol/);
  });

  it('no status line is named as such; HTTP/2 frames say the server speaks only HTTP/2 and what corscan speaks', async () => {
    expect((await sendTo(() => parserErrorServer('http-0.9'), 'http')).error?.message).toMatch(/no HTTP\/1\.x status line: an HTTP\/0\.9 answer/);
    const h2c = (await sendTo(() => parserErrorServer('h2c-preface'), 'http')).error?.message;
    expect(h2c).toMatch(/HTTP\/2 frames: the server speaks only HTTP\/2; corscan speaks HTTP\/2 only over TLS .*ALPN \(always tried for https targets, no flag\)/);
  });
});

describe('HTTP/2 answers nghttp2 refuses are ERR_PROBE_PROTOCOL', () => {
  it.each(Object.keys(H2_BAD_ANSWERS) as H2BadAnswer[])('%s', async (answer) => {
    const exchange = await sendTo(() => h2BadHeadersServer(answer), 'https');
    expect(exchange.error).toMatchObject({ code: 'ERR_PROBE_PROTOCOL', message: expect.stringMatching(/PROTOCOL_ERROR/) });
  });
});

describe('an h2-only TLS server reached over HTTP/1.1', () => {
  it('is a TLS failure with the hint that the server speaks only HTTP/2', async () => {
    const exchange = await sendTo(h2OnlyDroppingFirst, 'https');
    expect(exchange.error).toMatchObject({
      code: 'ERR_PROBE_TLS',
      message: expect.stringMatching(/no application protocol.*refused HTTP\/1\.1 by ALPN: the server speaks only HTTP\/2/),
    });
    expect(exchange.error?.message).not.toContain('--insecure');
  });
});
