import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Hapi from '@hapi/hapi';
import { serve } from '@hono/node-server';
import fastifyCors from '@fastify/cors';
import koaCors from '@koa/cors';
import expressCors from 'cors';
import express from 'express';
import Fastify from 'fastify';
import { createApp, eventHandler, handleCors, setResponseStatus, toNodeListener } from 'h3';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import Koa from 'koa';
import { expect } from 'vitest';
import type { Running, ServerConfig, Stack } from '../harness.js';

/**
 * The npm frameworks and their CORS middleware, each configuration its own app on
 * 127.0.0.1:0 in the test process (a real HTTP server, the real middleware). Every app
 * answers `{"ok":true}` on `/<name>/api/me` for GET, POST, PUT and DELETE and 404 elsewhere.
 */

interface Listening {
  port: number;
  /** The method of every request the server received (the suite checks corscan's safe default). */
  methods: string[];
  close(): Promise<void>;
}

/** Records the method of every request `server` receives, before the framework sees it. */
function countMethods(server: Server): string[] {
  const methods: string[] = [];
  server.on('request', (request: IncomingMessage) => methods.push(request.method ?? ''));
  return methods;
}

interface NodeConfig extends ServerConfig {
  start(name: string): Promise<Listening>;
}

const METHODS: Array<'GET' | 'POST' | 'PUT' | 'DELETE'> = ['GET', 'POST', 'PUT', 'DELETE'];
const FRONTENDS = ['https://app.example.test', 'https://admin.example.test'];

function listen(server: Server): Promise<Listening> {
  const methods = countMethods(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        methods,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

function nodeStack(name: string, configs: NodeConfig[]): Stack {
  return {
    name,
    configs,
    async start(): Promise<Running> {
      const apps = await Promise.all(configs.map(async (c) => ({ name: c.name, app: await c.start(c.name) })));
      return {
        where: (config) => ({ port: apps.find((a) => a.name === config)!.app.port, prefix: `/${config}/` }),
        methodsSeen: (config) => apps.find((a) => a.name === config)!.app.methods,
        stop: async () => {
          await Promise.all(apps.map((a) => a.app.close()));
        },
      };
    },
  };
}

/** An Express app with `cors(options)` in front of the endpoint. */
function expressApp(options: expressCors.CorsOptions | expressCors.CorsOptionsDelegate) {
  return (name: string) => {
    const app = express();
    app.use(expressCors(options));
    app.all(`/${name}/api/me`, (_req, res) => {
      res.json({ ok: true });
    });
    return listen(createServer(app));
  };
}

/**
 * The allowlist on every route (preflights and 404s included), and a POST route that was given
 * its own `cors({ origin: true, credentials: true })` (a form or webhook endpoint configured from
 * a popular answer): only POST answers echo the Origin, and a POST with a form or text/plain body
 * needs no preflight.
 */
function expressPostRouteEcho(name: string) {
  const app = express();
  const path = `/${name}/api/me`;
  app.use(expressCors({ origin: FRONTENDS, credentials: true, methods: METHODS, allowedHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }));
  app.post(path, expressCors({ origin: true, credentials: true }), (_req, res) => {
    res.json({ ok: true });
  });
  app.all(path, (_req, res) => {
    res.json({ ok: true });
  });
  return listen(createServer(app));
}

/** `cors(options)` in front of an endpoint that takes a bearer token: 401 with WWW-Authenticate: Bearer without one. */
function expressBearerApp(options: expressCors.CorsOptions) {
  return (name: string) => {
    const app = express();
    app.use(expressCors(options));
    app.all(`/${name}/api/me`, (req, res) => {
      if (!/^Bearer \S+$/.test(req.get('authorization') ?? '')) {
        res.status(401).set('WWW-Authenticate', 'Bearer realm="api"').json({ error: 'unauthorized' });
        return;
      }
      res.json({ ok: true });
    });
    return listen(createServer(app));
  };
}

const POST_ROUTE_ECHO_LIVE =
  'GET and preflights from https://evil.example or null → no ACAO (allowlist); POST with Content-Type: text/plain from https://evil.example → 200 ACAO https://evil.example + ACAC true + Vary: Origin; GET, preflight PUT and 404 under the target from app → ACAO app + ACAC true';

export const expressStack = nodeStack('express', [
  {
    // The same server scanned twice: the echo is only on POST answers, which corscan sends only
    // when told to (--unsafe-methods). Without it, no POST reaches the server and
    // origin-reflection passes on what it could see (GET, HEAD, preflights).
    name: 'post-route-echo',
    correct: false,
    expect: [],
    outcomes: { 'origin-reflection': 'pass' },
    live: POST_ROUTE_ECHO_LIVE,
    start: expressPostRouteEcho,
  },
  {
    name: 'post-route-echo-unsafe',
    correct: false,
    args: ['--unsafe-methods'],
    expect: ['origin-reflection'],
    outcomes: { 'origin-reflection': 'fail' },
    live: POST_ROUTE_ECHO_LIVE,
    verify: (report) => {
      const finding = report.findings.find((f) => f.ruleId === 'origin-reflection')!;
      expect(finding.messageId).toBe('postReflected');
      expect(finding.evidence.map((e) => e.request.method)).toEqual(['POST']);
    },
    start: expressPostRouteEcho,
  },
  {
    name: 'default',
    correct: false,
    expect: ['wildcard-origin', 'reflected-request-headers'],
    live: 'cors(): every GET → ACAO *; preflight GET + x-corscan-probe → ACAH x-corscan-probe (allowedHeaders unset echoes)',
    start: expressApp({}),
  },
  {
    name: 'origin-true-credentials',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'reflected-request-headers'],
    live: 'GET Origin https://evil.example → echoed + ACAC true; null → ACAO null + ACAC true; preflight GET + x-corscan-probe → ACAH x-corscan-probe',
    start: expressApp({ origin: true, credentials: true }),
  },
  {
    name: 'allowlist',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app + ACAC true, Vary: Origin on every answer; evil, null, look-alikes → no ACAO; preflight PUT from app → 204 fixed lists, Max-Age 600; from evil → no ACAO',
    start: expressApp({ origin: FRONTENDS, credentials: true, methods: METHODS, allowedHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }),
  },
  {
    // --unsafe-methods on a correct allowlist: the POSTs arrive and show nothing more.
    name: 'allowlist-unsafe',
    correct: true,
    args: ['--unsafe-methods'],
    expect: [],
    live: 'POST with Content-Type: text/plain from https://evil.example → 200 Vary: Origin, no ACAO; from app → ACAO app + ACAC true; GET and preflights as the allowlist configuration',
    start: expressApp({ origin: FRONTENDS, credentials: true, methods: METHODS, allowedHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }),
  },
  {
    // A cookie-session API: its front end sends no Authorization, so a preflight asking for it
    // being refused breaks nothing (issue 15: judge what a front end of this endpoint sends).
    name: 'allowed-headers-cookie-session',
    correct: true,
    expect: [],
    live: "cors({ origin: list, credentials: true, allowedHeaders: ['Content-Type'] }): GET Origin app → 200 ACAO app + ACAC true + Vary: Origin; preflight GET + authorization and PUT + authorization,content-type from app → 204 ACAH Content-Type (authorization not allowed); evil, null → no ACAO",
    start: expressApp({ origin: FRONTENDS, credentials: true, allowedHeaders: ['Content-Type'] }),
  },
  {
    // The same CORS setup in front of a bearer-token API: its front end must send Authorization.
    name: 'bearer-without-authorization',
    correct: false,
    expect: ['preflight-failure'],
    live: "cors({ origin: list, credentials: true, allowedHeaders: ['Content-Type'] }), endpoint needs a bearer token: GET Origin app → 401 WWW-Authenticate: Bearer realm=\"api\" with ACAO app + ACAC true; preflight GET + authorization from app → 204 ACAH Content-Type: the browser blocks every request carrying the token",
    start: expressBearerApp({ origin: FRONTENDS, credentials: true, allowedHeaders: ['Content-Type'] }),
    verify: (report) => {
      const finding = report.findings.find((f) => f.ruleId === 'preflight-failure')!;
      expect(finding.messageId).toBe('authorizationRefused');
      expect(finding.data['because']).toBe('it answers 401 with WWW-Authenticate: Bearer');
      expect(finding.remediation).toContain('Access-Control-Allow-Headers: Content-Type, Authorization');
    },
  },
  {
    name: 'bearer-with-authorization',
    correct: true,
    expect: [],
    live: "allowedHeaders: ['Content-Type', 'Authorization'], endpoint needs a bearer token: GET Origin app → 401 WWW-Authenticate: Bearer with ACAO app; preflight GET + authorization from app → 204 ACAH Content-Type,Authorization; evil, null → no ACAO",
    start: expressBearerApp({ origin: FRONTENDS, credentials: true, allowedHeaders: ['Content-Type', 'Authorization'] }),
  },
  {
    name: 'regex-suffix',
    correct: false,
    expect: ['suffix-match'],
    live: 'origin: /example\\.test$/: GET Origin https://evilexample.test, https://appxexample.test, https://sub.example.test → echoed (no ACAC); evil.example → no ACAO',
    start: expressApp({ origin: /example\.test$/, allowedHeaders: ['Content-Type'] }),
  },
  {
    name: 'includes-callback',
    correct: false,
    expect: ['substring-match', 'missing-vary'],
    live: "origin.includes('example.test'): GET Origin https://app.example.test.evil.example, https://evilexample.test → echoed + ACAC true + Vary: Origin; evil.example → no ACAO and no Vary (cors adds Vary only when the callback allows)",
    start: expressApp({ origin: (origin, callback) => callback(null, !origin || origin.includes('example.test')), credentials: true, allowedHeaders: ['Content-Type'] }),
  },
  {
    name: 'public-fixed-headers',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every GET → ACAO *; preflights → 204 ACAM GET, ACAH Content-Type: nothing echoed',
    start: expressApp({ origin: '*', methods: ['GET'], allowedHeaders: ['Content-Type'] }),
  },
]);

/** A Fastify app with @fastify/cors registered with `options`. */
function fastifyApp(options: Parameters<typeof fastifyCors>[1]) {
  return async (name: string) => {
    const app = Fastify();
    const methods = countMethods(app.server);
    await app.register(fastifyCors, options);
    app.route({ method: METHODS, url: `/${name}/api/me`, handler: async () => ({ ok: true }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, methods, close: () => app.close() };
  };
}

export const fastifyStack = nodeStack('fastify', [
  {
    name: 'default',
    correct: false,
    expect: ['wildcard-origin', 'reflected-request-headers'],
    live: 'every GET → ACAO *; preflight GET + x-corscan-probe → ACAH x-corscan-probe (allowedHeaders unset echoes)',
    start: fastifyApp({}),
  },
  {
    name: 'origin-true-credentials',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'reflected-request-headers'],
    live: 'GET Origin https://evil.example → echoed + ACAC true; null → ACAO null; preflight GET + x-corscan-probe → ACAH x-corscan-probe',
    start: fastifyApp({ origin: true, credentials: true }),
  },
  {
    name: 'allowlist',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app + ACAC true, Vary: Origin on every answer; evil, null, look-alikes → no ACAO; preflight PUT from app → 204 fixed lists, Max-Age 600',
    start: fastifyApp({ origin: FRONTENDS, credentials: true, methods: METHODS, allowedHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }),
  },
  {
    name: 'regex-unescaped-dot',
    correct: false,
    expect: ['unescaped-dot'],
    live: 'origin: /^https:\\/\\/app.example.test$/: GET Origin https://appxexample.test → echoed; app.example.test.evil.example, evil → no ACAO',
    start: fastifyApp({ origin: /^https:\/\/app.example.test$/, allowedHeaders: ['Content-Type'] }),
  },
  {
    name: 'public-fixed-headers',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every GET → ACAO *; preflights → ACAM GET, ACAH Content-Type: nothing echoed',
    start: fastifyApp({ origin: '*', methods: ['GET'], allowedHeaders: ['Content-Type'] }),
  },
]);

/** A Koa app with @koa/cors(options). */
function koaApp(options: koaCors.Options) {
  return (name: string) => {
    const app = new Koa();
    app.use(koaCors(options));
    app.use((ctx) => {
      if (ctx.path !== `/${name}/api/me`) return;
      ctx.body = { ok: true };
    });
    return listen(createServer(app.callback()));
  };
}

export const koaStack = nodeStack('koa', [
  {
    name: 'default',
    correct: false,
    expect: ['wildcard-origin', 'reflected-request-headers'],
    live: '@koa/cors 5 default: every GET → ACAO *, Vary: Origin; preflight GET + x-corscan-probe → ACAH x-corscan-probe',
    start: koaApp({}),
  },
  {
    name: 'credentials',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'reflected-request-headers'],
    live: 'credentials: true with the default origin echoes: GET Origin https://evil.example → echoed + ACAC true; null → ACAO null; preflight GET + x-corscan-probe → ACAH x-corscan-probe; without Origin → an empty ACAO no CORS check sees',
    start: koaApp({ credentials: true }),
  },
  {
    name: 'origin-function',
    correct: true,
    expect: [],
    live: 'origin function over the list: GET Origin app → ACAO app + ACAC true; evil, null, look-alikes → no ACAO; Vary: Origin always; preflight PUT → fixed lists, Max-Age 600',
    start: koaApp({
      origin: (ctx) => (FRONTENDS.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
      credentials: true,
      allowMethods: METHODS,
      allowHeaders: ['Content-Type', 'Authorization'],
      maxAge: 600,
    }),
  },
  {
    name: 'fixed-origin',
    correct: true,
    expect: [],
    live: 'every answer (any Origin or none) → ACAO https://app.example.test, the same static value; preflights → ACAH Content-Type',
    start: koaApp({ origin: 'https://app.example.test', allowHeaders: ['Content-Type'] }),
  },
]);

/** A Hono app with hono/cors(options) on the endpoint's path. */
function honoApp(options: Parameters<typeof honoCors>[0]) {
  return async (name: string) => {
    const app = new Hono();
    app.use(`/${name}/*`, honoCors(options));
    app.on(METHODS, `/${name}/api/me`, (c) => c.json({ ok: true }));
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    });
    const methods = countMethods(server);
    return {
      port: (server.address() as AddressInfo).port,
      methods,
      close: () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    };
  };
}

export const honoStack = nodeStack('hono', [
  {
    name: 'default',
    correct: false,
    expect: ['wildcard-origin', 'reflected-request-headers'],
    live: 'cors(): every GET → ACAO *; preflight GET + x-corscan-probe → ACAH x-corscan-probe (allowHeaders unset echoes)',
    start: honoApp({}),
  },
  {
    name: 'origin-list',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app + ACAC true; evil, null, look-alikes → no ACAO; Vary: Origin on every answer; preflight PUT → fixed lists, Max-Age 600',
    start: honoApp({ origin: FRONTENDS, credentials: true, allowMethods: METHODS, allowHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }),
  },
  {
    name: 'origin-echo-function',
    correct: false,
    expect: ['origin-reflection', 'null-origin'],
    live: 'origin: (o) => o: GET Origin https://evil.example → echoed + ACAC true; null → ACAO null + ACAC true; preflight from evil → echoed',
    start: honoApp({ origin: (origin) => origin, credentials: true, allowHeaders: ['Content-Type'] }),
  },
  {
    name: 'public-fixed-headers',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every GET → ACAO *; preflights → ACAM GET, ACAH Content-Type: nothing echoed',
    start: honoApp({ origin: '*', allowMethods: ['GET'], allowHeaders: ['Content-Type'] }),
  },
]);

/** A hapi server whose route carries `cors` in its options (or, with `serverWide`, every route and the 404s). */
function hapiApp(cors: Hapi.RouteOptions['cors'], serverWide = false) {
  return async (name: string) => {
    const server = Hapi.server({ port: 0, host: '127.0.0.1', ...(serverWide ? { routes: { cors } } : {}) });
    server.route({ method: METHODS, path: `/${name}/api/me`, options: serverWide ? {} : { cors }, handler: () => ({ ok: true }) });
    const methods = countMethods(server.listener);
    await server.start();
    return { port: server.info.port as number, methods, close: () => server.stop() };
  };
}

export const hapiStack = nodeStack('hapi', [
  {
    name: 'cors-true',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'excessive-max-age', 'cors-on-error-only'],
    live: 'route cors: true: GET Origin https://evil.example → echoed (no ACAC), null → ACAO null; preflight → Max-Age 86400 (the default); GET <target>/corscan-404 from app → 404 without CORS (route-level cors)',
    start: hapiApp(true),
  },
  {
    name: 'origin-list',
    correct: false,
    expect: ['cors-on-error-only'],
    live: 'GET Origin app → ACAO app + ACAC true, Vary: origin; evil → no ACAO; preflight PUT → Max-Age 600; GET <target>/corscan-404 from app → 404 without CORS (route-level cors)',
    start: hapiApp({ origin: FRONTENDS, credentials: true, headers: ['Content-Type', 'Authorization'], maxAge: 600 }),
  },
  {
    name: 'wildcard-subdomain',
    correct: false,
    expect: ['any-subdomain', 'excessive-max-age', 'cors-on-error-only'],
    live: "origin ['https://*.example.test']: GET Origin https://sub.example.test → echoed + ACAC true; evilexample.test → no ACAO; Max-Age 86400; 404 under the target without CORS",
    start: hapiApp({ origin: ['https://*.example.test'], credentials: true }),
  },
  {
    name: 'star-credentials',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'excessive-max-age', 'cors-on-error-only'],
    live: "origin ['*'] + credentials: GET Origin https://evil.example → echoed + ACAC true; null → ACAO null; Max-Age 86400; 404 under the target without CORS",
    start: hapiApp({ origin: ['*'], credentials: true }),
  },
  {
    name: 'server-wide-list',
    correct: true,
    expect: [],
    live: 'server-wide routes.cors: GET Origin app → ACAO app + ACAC true; evil → no ACAO; Vary: origin; preflight PUT → Max-Age 600; GET <target>/corscan-404 from app → 404 WITH ACAO app',
    start: hapiApp({ origin: FRONTENDS, credentials: true, headers: ['Content-Type', 'Authorization'], maxAge: 600 }, true),
  },
]);

/** An h3 app calling handleCors(event, options) first, as the h3 docs do. */
function h3App(options: Parameters<typeof handleCors>[1]) {
  return (name: string) => {
    const app = createApp();
    app.use(
      eventHandler((event) => {
        if (handleCors(event, options)) return;
        if (event.path !== `/${name}/api/me`) {
          setResponseStatus(event, 404);
          return { error: 'not found' };
        }
        return { ok: true };
      }),
    );
    return listen(createServer(toNodeListener(app)));
  };
}

export const h3Stack = nodeStack('h3', [
  {
    name: 'star',
    correct: false,
    expect: ['wildcard-origin', 'reflected-request-headers'],
    live: 'every GET → ACAO *; preflight GET + x-corscan-probe → ACAH x-corscan-probe (allowHeaders unset echoes)',
    start: h3App({ origin: '*', methods: '*' }),
  },
  {
    name: 'origin-list',
    correct: false,
    expect: ['missing-vary'],
    live: 'GET Origin app → ACAO app + ACAC true + Vary: origin; evil, null → no ACAO and no Vary; without Origin → ACAO * + ACAC true without Vary (no CORS check sees that *, but a cache can serve it to the front end)',
    start: h3App({ origin: FRONTENDS, credentials: true, methods: ['GET', 'POST', 'PUT', 'DELETE'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: '600' }),
  },
  {
    name: 'regex-unanchored',
    correct: false,
    expect: ['substring-match', 'missing-vary'],
    live: 'origin [/example\\.test/]: GET Origin https://app.example.test.evil.example, https://evilexample.test → echoed + ACAC true; evil → no ACAO and no Vary; without Origin → ACAO * + ACAC true',
    start: h3App({ origin: [/example\.test/], credentials: true, allowHeaders: ['Content-Type'] }),
  },
  {
    name: 'star-credentials',
    correct: false,
    expect: ['wildcard-with-credentials'],
    live: 'every answer, with any Origin → ACAO * + ACAC true',
    start: h3App({ origin: '*', credentials: true, allowHeaders: ['Content-Type'] }),
  },
  {
    name: 'public-fixed-headers',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every GET → ACAO *; preflights → 204 ACAM GET, ACAH Content-Type: nothing echoed',
    start: h3App({ origin: '*', methods: ['GET'], allowHeaders: ['Content-Type'] }),
  },
]);
