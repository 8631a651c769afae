import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UndiciTransport } from '../../src/http/undici-transport.js';
import { closedPort } from '../../src/lab/hostile/servers.js';
import { parseResolve } from '../../src/http/resolve.js';
import type { ProbeSpec } from '../../src/model/probe.js';

let server: Server;
let base: string;
let port: number;
const seen: Array<Record<string, string | string[] | undefined>> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    if (request.url === '/dup') {
      response.writeHead(200, ['Access-Control-Allow-Origin', 'https://a.test', 'Access-Control-Allow-Origin', 'https://b.test']);
      response.end('x'.repeat(100_000));
    } else if (request.url === '/redirect') {
      response.writeHead(302, { Location: '/dup' }).end();
    } else if (request.url === '/slow') {
      setTimeout(() => response.end('late'), 3_000).unref();
    } else if (request.url === '/trickle') {
      response.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
      const timer = setInterval(() => response.write('.'), 50);
      response.on('close', () => clearInterval(timer));
    } else if (request.url === '/hints') {
      response.writeEarlyHints({ link: '</a.css>; rel=preload; as=style' });
      response.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('ok');
    } else {
      response.writeHead(200).end('ok');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const probe = (url: string, headers: Record<string, string> = {}): ProbeSpec => ({
  id: 'simple:test',
  families: ['arbitrary-origin'],
  method: 'GET',
  url,
  headers: { Origin: 'https://evil.test', ...headers },
  origin: 'https://evil.test',
  why: 'test',
});

const transport = (timeoutMs = 2_000, resolve: string[] = []) =>
  new UndiciTransport({ timeoutMs, perHostConnections: 2, insecure: false, resolve: resolve.map(parseResolve), userAgent: 'corscan-test' });

describe('UndiciTransport', () => {
  it('keeps duplicate header lines, in order, and discards the body', async () => {
    const t = transport();
    const exchange = await t.send(probe(`${base}/dup`));
    await t.close();
    expect(exchange.error).toBeUndefined();
    const acao = exchange.response!.headers.filter(([name]) => name.toLowerCase() === 'access-control-allow-origin');
    expect(acao.map(([, value]) => value)).toEqual(['https://a.test', 'https://b.test']);
  });

  it('does not follow redirects', async () => {
    const t = transport();
    const exchange = await t.send(probe(`${base}/redirect`));
    await t.close();
    expect(exchange.response?.status).toBe(302);
  });

  it('turns a timeout into ERR_PROBE_TIMEOUT instead of throwing', async () => {
    const t = transport(300);
    const exchange = await t.send(probe(`${base}/slow`));
    await t.close();
    expect(exchange.response).toBeUndefined();
    expect(exchange.error?.code).toBe('ERR_PROBE_TIMEOUT');
    expect(exchange.durationMs).toBeLessThan(2_000);
  });

  it('keeps the headers of a response whose body still trickles at the deadline', async () => {
    const t = transport(300);
    const exchange = await t.send(probe(`${base}/trickle`));
    await t.close();
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.headers).toContainEqual(['Access-Control-Allow-Origin', '*']);
  });

  it('skips a 1xx (103 Early Hints) and returns the final response', async () => {
    const t = transport();
    const exchange = await t.send(probe(`${base}/hints`));
    await t.close();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.headers).toContainEqual(['Access-Control-Allow-Origin', '*']);
  });

  it('the cutoff (after a signal) ends every request in flight as ERR_PROBE_ABORTED', async () => {
    const cutoff = new AbortController();
    const t = new UndiciTransport({ timeoutMs: 10_000, perHostConnections: 2, insecure: false, resolve: [], userAgent: 'corscan-test', cutoff: cutoff.signal });
    const before = seen.length;
    const sent = [t.send(probe(`${base}/slow`)), t.send(probe(`${base}/slow`))];
    for (let i = 0; i < 200 && seen.length < before + 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    cutoff.abort();
    const exchanges = await Promise.all(sent);
    const late = await t.send(probe(`${base}/plain`));
    await t.close();
    for (const exchange of [...exchanges, late]) {
      expect(exchange.response).toBeUndefined();
      expect(exchange.error).toEqual({ code: 'ERR_PROBE_ABORTED', message: 'cut off: the scan was interrupted while the request was in flight' });
    }
  });

  it('turns a refused connection into ERR_PROBE_CONNECT', async () => {
    const t = transport();
    const exchange = await t.send(probe(`http://127.0.0.1:${await closedPort()}/`));
    await t.close();
    expect(exchange.error?.code).toBe('ERR_PROBE_CONNECT');
  });

  it('sends the probe headers and a corscan User-Agent', async () => {
    const t = transport();
    await t.send(probe(`${base}/plain`, { 'X-Token': 'abc' }));
    await t.close();
    const last = seen.at(-1)!;
    expect(last['origin']).toBe('https://evil.test');
    expect(last['x-token']).toBe('abc');
    expect(last['user-agent']).toBe('corscan-test');
  });

  it('maps a host name to loopback with --resolve and keeps the Host header', async () => {
    const t = transport(2_000, [`api.victim.test:${port}:127.0.0.1`]);
    const exchange = await t.send(probe(`http://api.victim.test:${port}/plain`));
    await t.close();
    expect(exchange.response?.status).toBe(200);
    expect(seen.at(-1)!['host']).toBe(`api.victim.test:${port}`);
  });
});
