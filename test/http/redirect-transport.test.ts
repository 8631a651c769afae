import { describe, expect, it } from 'vitest';
import { RedirectTransport } from '../../src/http/redirect-transport.js';
import type { Transport } from '../../src/http/transport.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { ProbeSpec } from '../../src/model/probe.js';

type Answer = { status: number; headers: [string, string][] };

/** A transport answering from a URL → response map, recording what it was sent. */
function fake(routes: Record<string, Answer>): Transport & { sent: ProbeSpec[] } {
  const sent: ProbeSpec[] = [];
  return {
    sent,
    send: async (spec: ProbeSpec): Promise<Exchange> => {
      sent.push(spec);
      const answer = routes[`${spec.method} ${spec.url}`] ?? routes[spec.url];
      return answer
        ? { probe: spec, response: answer, durationMs: 1 }
        : { probe: spec, error: { code: 'ERR_PROBE_CONNECT', message: 'no route' }, durationMs: 1 };
    },
    close: async () => undefined,
  };
}

const spec = (url: string, extra: Partial<ProbeSpec> = {}): ProbeSpec => ({
  id: 'simple:test',
  families: ['arbitrary-origin'],
  method: 'GET',
  url,
  headers: { Origin: 'https://app.a.test', Authorization: 'Bearer secret', 'X-Api-Key': 'k' },
  origin: 'https://app.a.test',
  why: 'test',
  ...extra,
});

const redirect = (status: number, location: string, headers: [string, string][] = []): Answer => ({ status, headers: [['Location', location], ...headers] });
const ok: Answer = { status: 200, headers: [['Access-Control-Allow-Origin', 'https://app.a.test']] };

describe('RedirectTransport', () => {
  it('follows a same-origin redirect, records the hop and keeps the user headers', async () => {
    const inner = fake({ 'https://api.a.test/v1': redirect(301, '/v1/'), 'https://api.a.test/v1/': ok });
    const exchange = await new RedirectTransport(inner, { userHeaders: ['X-Api-Key'] }).send(spec('https://api.a.test/v1'));
    expect(exchange.response?.status).toBe(200);
    expect(exchange.hops).toEqual([{ url: 'https://api.a.test/v1', method: 'GET', origin: 'https://app.a.test', status: 301, headers: [['Location', '/v1/']] }]);
    expect(exchange.probe.url).toBe('https://api.a.test/v1');
    expect(inner.sent[1]!.headers).toMatchObject({ Authorization: 'Bearer secret', 'X-Api-Key': 'k', Origin: 'https://app.a.test' });
  });

  it('drops user headers and Authorization on a cross-origin hop, and taints Origin to null after it', async () => {
    const inner = fake({
      'https://api.a.test/x': redirect(302, 'https://cdn.b.test/x'),
      'https://cdn.b.test/x': redirect(307, 'https://other.c.test/x'),
      'https://other.c.test/x': ok,
    });
    const exchange = await new RedirectTransport(inner, { userHeaders: ['x-api-key'] }).send(spec('https://api.a.test/x'));
    expect(exchange.hops).toHaveLength(2);
    expect(inner.sent[1]!.headers).toEqual({ Origin: 'null' });
    expect(inner.sent[2]!.headers).toEqual({ Origin: 'null' });
    expect(exchange.hops![1]!.origin).toBe('null');
  });

  it('a hop from the page origin itself to another origin keeps the Origin', async () => {
    const inner = fake({ 'https://app.a.test/x': redirect(302, 'https://api.a.test/x'), 'https://api.a.test/x': ok });
    await new RedirectTransport(inner).send(spec('https://app.a.test/x'));
    expect(inner.sent[1]!.headers['Origin']).toBe('https://app.a.test');
  });

  it('is bounded', async () => {
    const inner = fake({ 'https://api.a.test/loop': redirect(302, '/loop') });
    const exchange = await new RedirectTransport(inner, { maxHops: 3 }).send(spec('https://api.a.test/loop'));
    expect(inner.sent).toHaveLength(4);
    expect(exchange.hops).toHaveLength(3);
    expect(exchange.response?.status).toBe(302);
  });

  it('never follows a preflight, and turns POST into GET on 302 and 303', async () => {
    const inner = fake({
      'OPTIONS https://api.a.test/p': redirect(301, '/q'),
      'POST https://api.a.test/p': redirect(302, '/q'),
      'GET https://api.a.test/q': ok,
    });
    const transport = new RedirectTransport(inner);
    const preflight = await transport.send(spec('https://api.a.test/p', { method: 'OPTIONS' }));
    expect(preflight.response?.status).toBe(301);
    expect(preflight.hops).toBeUndefined();
    const post = await transport.send(spec('https://api.a.test/p', { method: 'POST' }));
    expect(post.response?.status).toBe(200);
    expect(inner.sent.at(-1)!.method).toBe('GET');
  });

  it('keeps the error of a failed hop, with the hops before it', async () => {
    const inner = fake({ 'https://api.a.test/e': redirect(308, 'https://down.a.test/') });
    const exchange = await new RedirectTransport(inner).send(spec('https://api.a.test/e'));
    expect(exchange.error?.code).toBe('ERR_PROBE_CONNECT');
    expect(exchange.hops).toHaveLength(1);
  });

  it('stops at a Location that is not http(s)', async () => {
    const inner = fake({ 'https://api.a.test/m': redirect(302, 'mailto:x@a.test') });
    const exchange = await new RedirectTransport(inner).send(spec('https://api.a.test/m'));
    expect(exchange.response?.status).toBe(302);
    expect(exchange.hops).toBeUndefined();
  });
});
