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

/**
 * Real apps of the npm frameworks corscan writes configuration for. A snippet (as
 * `corscan policy` prints it) is evaluated on the app: its import lines are dropped and
 * the middleware they import is passed in as `cors`. Every app answers JSON on any path.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-function
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;

/** Runs a snippet's statements with `app` and the middleware the snippet imports. */
async function applySnippet(snippet: string, app: unknown, middleware: unknown): Promise<void> {
  const body = snippet
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join('\n');
  await new AsyncFunction('app', 'cors', body)(app, middleware);
}

export interface RunningApp {
  port: number;
  close(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port; close() also ends open keep-alive connections. */
export function listen(server: Server): Promise<RunningApp> {
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

/** Starts a framework's app on 127.0.0.1:0 with the snippet applied. */
export const APP_STARTERS: Record<string, (snippet: string) => Promise<RunningApp>> = {
  async express(snippet) {
    const app = express();
    await applySnippet(snippet, app, expressCors);
    app.all('/{*rest}', (_req, res) => {
      res.json({ ok: true });
    });
    return listen(createServer(app));
  },
  async fastify(snippet) {
    const app = Fastify();
    await applySnippet(snippet, app, fastifyCors);
    // @fastify/cors owns OPTIONS; HEAD comes with GET.
    app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], url: '/*', handler: async () => ({ ok: true }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  },
  async koa(snippet) {
    const app = new Koa();
    await applySnippet(snippet, app, koaCors);
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    return listen(createServer(app.callback()));
  },
  async hono(snippet) {
    const app = new Hono();
    await applySnippet(snippet, app, honoCors);
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

