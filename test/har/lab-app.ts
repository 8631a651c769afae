import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { listenOnLoopback } from '../../src/lab/listen.js';
import { LAB_TLS } from '../../src/lab/tls.js';

/**
 * A small front end and its API for the HAR tests (issue 18): the page on
 * https://app.victim.test calls 11 endpoints of https://api.victim.test with mixed
 * methods, a CSRF header, a bearer token and cookies. The API grants each endpoint
 * exactly what the page uses, except two seeded defects:
 * - /api/orders/{id}: the preflight does not allow X-CSRF-Token, so the page's
 *   DELETE is refused by the browser (preflight-failure);
 * - /api/settings: methods and headers far beyond what the page sends
 *   (grant-exceeds-usage).
 * Both servers use the lab's self-signed certificate; Chromium maps the names to
 * loopback, corscan uses --resolve.
 */

export const PAGE_ORIGIN = 'https://app.victim.test';
export const API_ORIGIN = 'https://api.victim.test';
export const ORDER_ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';

/** What the API grants the page, per endpoint (first matching pattern). */
interface Grant {
  pattern: RegExp;
  methods?: string;
  headers?: string;
  credentials: boolean;
}

const GRANTS: Grant[] = [
  { pattern: /^\/api\/me$/, credentials: true },
  { pattern: /^\/api\/items$/, methods: 'POST', headers: 'Content-Type, X-CSRF-Token', credentials: true },
  { pattern: /^\/api\/items\/\d+$/, methods: 'PUT, PATCH', headers: 'Content-Type, X-CSRF-Token', credentials: true },
  // Seeded: the page's DELETE sends X-CSRF-Token, and the preflight allows no request header.
  { pattern: /^\/api\/orders\/[0-9a-f-]+$/, methods: 'DELETE', credentials: true },
  { pattern: /^\/api\/search$/, headers: 'Authorization', credentials: false },
  { pattern: /^\/api\/health$/, credentials: false },
  { pattern: /^\/api\/events$/, credentials: false },
  // Seeded: the page only reads settings with X-Client-Version.
  { pattern: /^\/api\/settings$/, methods: 'GET, POST, PUT, PATCH, DELETE', headers: 'Content-Type, X-Client-Version, X-Debug-Token, X-Admin-Override', credentials: true },
  { pattern: /^\/api\/files\/[0-9A-Z]+$/, credentials: false },
  { pattern: /^\/api\/blobs\/[0-9a-f]+$/, credentials: false },
  { pattern: /^\/api\/teams\/\d+\/members$/, credentials: true },
];

/** Every request the API received: method, path and the headers that matter to the tests. */
export interface ApiRequest {
  method: string;
  path: string;
  origin?: string;
  cookie?: string;
  authorization?: string;
}

export interface LabApp {
  /** The random secrets the page used (cookie, CSRF token, bearer token, query token). */
  secrets: Record<'csrf' | 'bearer' | 'token' | 'session', string>;
  pagePort: number;
  apiPort: number;
  requests: ApiRequest[];
  /** POST, PUT, PATCH and DELETE requests the API received. */
  stateChanging(): number;
  close(): Promise<void>;
}

/** The page's script: every call in order (a refused one throws and is caught), then `__done`. */
function pageHtml(secrets: { csrf: string; bearer: string; token: string }): string {
  const calls = [
    `fetch(API + '/api/me', { credentials: 'include' })`,
    `fetch(API + '/api/items?page=1&access_token=${secrets.token}', { credentials: 'include' })`,
    `fetch(API + '/api/items', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': CSRF }, body: '{"name":"lamp"}' })`,
    `fetch(API + '/api/items/17', { credentials: 'include' })`,
    `fetch(API + '/api/items/42', { method: 'PUT', credentials: 'include', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': CSRF }, body: '{"name":"desk"}' })`,
    `fetch(API + '/api/items/17', { method: 'PATCH', credentials: 'include', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': CSRF }, body: '{"price":3}' })`,
    `fetch(API + '/api/orders/${ORDER_ID}', { credentials: 'include' })`,
    `fetch(API + '/api/orders/${ORDER_ID}', { method: 'DELETE', credentials: 'include', headers: { 'X-CSRF-Token': CSRF } })`,
    `fetch(API + '/api/search?q=lamp', { headers: { Authorization: 'Bearer ${secrets.bearer}' } })`,
    `fetch(API + '/api/health', { method: 'HEAD' })`,
    `fetch(API + '/api/events', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'page-view' })`,
    `fetch(API + '/api/settings', { credentials: 'include', headers: { 'X-Client-Version': '1.4.2' } })`,
    `fetch(API + '/api/files/01ARZ3NDEKTSV4RRFFQ69G5FAV')`,
    `fetch(API + '/api/blobs/5f2b1c9e8d7a6b5c4d3e2f1a')`,
    `fetch(API + '/api/teams/7/members', { credentials: 'include' })`,
    `fetch(API + '/api/teams/8/members', { credentials: 'include' })`,
    // Left out by corscan: same-origin and data: requests.
    `fetch('/app-config.json')`,
    `fetch('data:text/plain,hello')`,
  ];
  return `<!doctype html><meta charset="utf-8"><title>Lab shop</title>
<script>
const API = '${API_ORIGIN}';
const CSRF = '${secrets.csrf}';
(async () => {
  for (const call of [${calls.map((call) => `() => ${call}`).join(',\n    ')}]) {
    try { await (await call()).text(); } catch {}
  }
  window.__done = true;
})();
</script>`;
}

function answerApi(request: IncomingMessage, response: ServerResponse, log: ApiRequest[]): void {
  const url = new URL(request.url ?? '/', API_ORIGIN);
  const origin = request.headers.origin;
  log.push({
    method: request.method ?? '',
    path: url.pathname,
    ...(origin ? { origin } : {}),
    ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
    ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
  });
  request.resume();
  const grant = GRANTS.find((candidate) => candidate.pattern.test(url.pathname));
  const headers: Record<string, string> = { Vary: 'Origin', 'Cache-Control': 'no-store' };
  // Only the page's origin is granted, on every status (errors included).
  if (origin === PAGE_ORIGIN) {
    headers['Access-Control-Allow-Origin'] = origin;
    if (grant?.credentials) headers['Access-Control-Allow-Credentials'] = 'true';
    if (request.method === 'OPTIONS') {
      if (grant?.methods) headers['Access-Control-Allow-Methods'] = grant.methods;
      if (grant?.headers) headers['Access-Control-Allow-Headers'] = grant.headers;
      headers['Access-Control-Max-Age'] = '600';
    }
  }
  if (request.method === 'OPTIONS') {
    response.writeHead(204, headers).end();
    return;
  }
  if (!grant) {
    response.writeHead(404, { ...headers, 'Content-Type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  response.writeHead(request.method === 'POST' ? 201 : 200, { ...headers, 'Content-Type': 'application/json' }).end(request.method === 'HEAD' ? undefined : '{"ok":true}');
}

/**
 * Starts the API (and, with `page`, the page server) on loopback with OS-chosen ports.
 * The page sets a session cookie for the whole site, as a login would.
 */
export async function startLabApp(options: { page: boolean }): Promise<LabApp> {
  const requests: ApiRequest[] = [];
  const api = await listenOnLoopback(createServer(LAB_TLS, (request, response) => answerApi(request, response, requests)));
  const secret = () => randomBytes(12).toString('hex');
  const secrets = { csrf: secret(), bearer: secret(), token: secret(), session: secret() };
  const page = options.page
    ? await listenOnLoopback(
        createServer(LAB_TLS, (request, response) => {
          if (request.url === '/app-config.json') {
            response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"theme":"light"}');
            return;
          }
          response
            .writeHead(200, { 'Content-Type': 'text/html', 'Set-Cookie': `session=${secrets.session}; Domain=victim.test; Path=/; Secure; SameSite=None` })
            .end(pageHtml(secrets));
        }),
      )
    : undefined;
  return {
    secrets,
    pagePort: page?.port ?? 0,
    apiPort: api.port,
    requests,
    stateChanging: () => requests.filter((request) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)).length,
    close: async () => {
      await Promise.all([api.close(), page?.close()]);
    },
  };
}
