import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import fastifyCors from '@fastify/cors';
import koaCors from '@koa/cors';
import expressCors from 'cors';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { FRAMEWORKS } from '../../src/fix/frameworks/index.js';
import { buildPolicy } from '../../src/fix/policy-builder.js';
import type { CorsPolicy } from '../../src/fix/policy.js';
import { UndiciTransport } from '../../src/http/undici-transport.js';
import type { ScanReport } from '../../src/model/report.js';
import { atOrAbove } from '../../src/model/severity.js';
import { RULES } from '../../src/rules/index.js';

/**
 * The generated snippets run against the real middleware: the snippet text (minus its
 * import lines, whose bindings we pass in) is evaluated on a real app, the app listens on
 * loopback, and corscan scans it under a realistic name. A wrong snippet fails here.
 */

const HOST = 'api.shop.test';
const FRONTENDS = ['https://app.shop.test', 'https://admin.shop.test'];
const ATTACKER = 'https://attacker.example';

const POLICIES: Record<string, CorsPolicy> = {
  credentialed: buildPolicy({
    origins: FRONTENDS,
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    headers: ['Content-Type', 'Authorization'],
    expose: ['X-Request-Id'],
    maxAge: 600,
  }),
  'no-extra-headers': buildPolicy({ origins: [FRONTENDS[0]!], headers: [], maxAge: null }),
  public: buildPolicy({ origins: ['*'] }),
};

// eslint-disable-next-line @typescript-eslint/no-empty-function
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;

/** Runs a snippet's statements with `app` and the middleware the snippet imports. */
async function applySnippet(name: string, policy: CorsPolicy, app: unknown, middleware: unknown): Promise<void> {
  const framework = FRAMEWORKS.find((f) => f.name === name)!;
  const body = framework
    .render(policy)
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join('\n');
  await new AsyncFunction('app', 'cors', body)(app, middleware);
}

interface Running {
  port: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

const STARTERS: Record<string, (policy: CorsPolicy) => Promise<Running>> = {
  async express(policy) {
    const app = express();
    await applySnippet('express', policy, app, expressCors);
    app.all('/{*rest}', (_req, res) => {
      res.json({ ok: true });
    });
    return listen(createServer(app));
  },
  async fastify(policy) {
    const app = Fastify();
    await applySnippet('fastify', policy, app, fastifyCors);
    // @fastify/cors owns OPTIONS; HEAD comes with GET.
    app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], url: '/*', handler: async () => ({ ok: true }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  },
  async koa(policy) {
    const app = new Koa();
    await applySnippet('koa', policy, app, koaCors);
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    return listen(createServer(app.callback()));
  },
  async hono(policy) {
    const app = new Hono();
    await applySnippet('hono', policy, app, honoCors);
    app.all('*', (c) => c.json({ ok: true }));
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    });
    return {
      port: (server.address() as AddressInfo).port,
      close: () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    };
  },
};

async function scanApp(port: number, trusted: string[]): Promise<ScanReport> {
  const transport = new UndiciTransport({
    timeoutMs: 5_000,
    perHostConnections: 4,
    insecure: false,
    resolve: [{ host: HOST, port, address: '127.0.0.1' }],
    userAgent: 'corscan-test',
  });
  try {
    return await scan(
      [`http://${HOST}:${port}/api/orders`],
      {
        rules: RULES,
        headers: {},
        trustedOrigins: trusted,
        failOn: 'medium',
        concurrency: 1,
        secretHeaders: [],
        showSecrets: false,
        tool: { name: 'corscan', version: 'test' },
      },
      transport,
    );
  } finally {
    await transport.close();
  }
}

async function send(port: number, method: string, headers: Record<string, string>): Promise<Response> {
  const response = await fetch(`http://127.0.0.1:${port}/api/orders`, { method, headers });
  await response.arrayBuffer();
  return response;
}

const varyOf = (response: Response) => (response.headers.get('vary') ?? '').toLowerCase().split(/\s*,\s*/);

describe.each(Object.keys(STARTERS))('%s: the generated configuration', (name) => {
  describe.each(Object.keys(POLICIES))('policy %s', (policyName) => {
    const policy = POLICIES[policyName]!;
    const pub = policy.origins[0] === '*';
    const trusted = pub ? [] : policy.origins;
    let app: Running;
    let report: ScanReport;

    beforeAll(async () => {
      app = await STARTERS[name]!(policy);
      report = await scanApp(app.port, trusted);
    });
    afterAll(() => app?.close());

    it('scans with no finding at medium or above', () => {
      expect(report.targets[0]!.status).toBe('scanned');
      expect(report.findings.filter((f) => atOrAbove(f.severity, 'medium')).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    });

    it('grants the allowed origin exactly, with credentials when asked, and Vary: Origin', async () => {
      const origin = pub ? 'https://anyone.example' : policy.origins.at(-1)!;
      const response = await send(app.port, 'GET', { Origin: origin });
      expect(response.headers.get('access-control-allow-origin')).toBe(pub ? '*' : origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe(policy.credentials ? 'true' : null);
      if (policy.expose.length > 0) expect(response.headers.get('access-control-expose-headers')?.replace(/\s/g, '')).toBe(policy.expose.join(','));
      if (!pub) expect(varyOf(response)).toContain('origin');
    });

    if (!pub) {
      it('answers a refused origin without Access-Control-Allow-Origin, with Vary: Origin', async () => {
        const response = await send(app.port, 'GET', { Origin: ATTACKER });
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(varyOf(response)).toContain('origin');
        const preflight = await send(app.port, 'OPTIONS', { Origin: ATTACKER, 'Access-Control-Request-Method': 'PUT' });
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      });
    }

    it('answers a preflight with the fixed lists, never echoing what was asked', async () => {
      const origin = pub ? 'https://anyone.example' : policy.origins[0]!;
      const response = await send(app.port, 'OPTIONS', {
        Origin: origin,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'x-corscan-probe',
      });
      expect(response.status).toBeLessThan(300);
      expect(response.headers.get('access-control-allow-origin')).toBe(pub ? '*' : origin);
      expect(response.headers.get('access-control-allow-methods')?.replace(/\s/g, '')).toBe(policy.methods.join(','));
      expect(response.headers.get('access-control-allow-headers') ?? '').not.toMatch(/x-corscan-probe/i);
      expect(response.headers.get('access-control-max-age')).toBe(policy.maxAge === null ? null : String(policy.maxAge));
    });
  });
});
