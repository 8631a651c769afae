import { listenOnLoopback } from '../../src/lab/listen.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Combination, Headers } from './combinations.js';

/**
 * One loopback server playing three hosts (Chromium maps them all to it with
 * --host-resolver-rules, so the page gets a real default-port origin):
 *   http://page.test   serves the page the requests come from, plus any extra pages;
 *   http://api.test    answers /c/<id> with the combination under test;
 *   http://other.test  the far end of cross-origin redirects.
 * It records what each combination's URL received, in order.
 */

export const PAGE_ORIGIN = 'http://page.test';
export const API_ORIGIN = 'http://api.test';
export const OTHER_ORIGIN = 'http://other.test';
export const HOSTS = ['page.test', 'api.test', 'other.test'];

export interface Received {
  method: string;
  /** `hop` for the first answer of a redirected request, `final` for the last. */
  leg: 'hop' | 'final';
  origin: string | undefined;
}

export interface ConformanceServer {
  port: number;
  received: Map<string, Received[]>;
  /** Extra pages served on page.test, by path. */
  pages: Map<string, string>;
  close(): Promise<void>;
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>corscan conformance</title><p>corscan browser conformance page</p>';

/** Replaces `{origin}` with the page origin in header values. */
export const resolveHeaders = (headers: Headers): Headers => headers.map(([name, value]) => [name, value.replaceAll('{origin}', PAGE_ORIGIN)]);

/** The headers every combination response carries besides its own (the server sets them explicitly). */
export const BODY = 'corscan';
export const BASE_HEADERS: Headers = [['Content-Type', 'text/plain'], ['Content-Length', String(BODY.length)]];

function send(response: ServerResponse, status: number, headers: Headers, method: string): void {
  const noBody = method === 'HEAD' || method === 'OPTIONS' || status === 204 || status === 304;
  const all: Headers = noBody ? [['Content-Length', '0'], ...headers] : [...BASE_HEADERS, ...headers];
  response.writeHead(status, all.flat());
  response.end(noBody ? undefined : BODY);
}

export async function startConformanceServer(combinations: readonly Combination[]): Promise<ConformanceServer> {
  const byId = new Map(combinations.map((combination) => [combination.id, combination]));
  const received = new Map<string, Received[]>();
  const pages = new Map<string, string>([['/', PAGE]]);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    response.sendDate = false;
    request.resume();
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://x');
    if (host === 'page.test') {
      const page = pages.get(url.pathname);
      if (page === undefined) response.writeHead(404).end();
      else response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const match = /^\/c\/([^/]+)(\/final)?$/.exec(url.pathname);
    const combination = match ? byId.get(match[1]!) : undefined;
    if (!match || !combination) {
      response.writeHead(404).end();
      return;
    }
    const leg = match[2] || !combination.redirect ? 'final' : 'hop';
    const log = received.get(combination.id) ?? [];
    log.push({ method, leg, origin: request.headers.origin });
    received.set(combination.id, log);
    if (method === 'OPTIONS') {
      const preflight = combination.preflight ?? { status: 404, headers: [] };
      send(response, preflight.status ?? 200, resolveHeaders(preflight.headers), method);
    } else if (leg === 'hop') {
      const redirect = combination.redirect!;
      const base = redirect.to === 'same' ? API_ORIGIN : OTHER_ORIGIN;
      send(response, redirect.status ?? 302, [['Location', `${base}/c/${combination.id}/final`], ...resolveHeaders(redirect.headers)], method);
    } else {
      send(response, combination.response.status ?? 200, resolveHeaders(combination.response.headers), method);
    }
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    port,
    received,
    pages,
    close,
  };
}
