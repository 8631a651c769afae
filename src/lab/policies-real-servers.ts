import { grantIf } from './policies-origin-trust.js';
import { LAB_FRONTEND, type LabPolicy, type LabRequest } from './policy.js';

/**
 * Behaviours seen on real servers (issue 15 §2), one policy per correction, so the
 * end-to-end suite keeps each verdict right: what must be reported, and what must not.
 */

const isPreflight = (request: LabRequest): boolean => request.method === 'OPTIONS' && 'access-control-request-method' in request.headers;

/** Vary: Origin, plus the front end's grant with credentials. */
function frontEndGrant(request: LabRequest): [string, string][] {
  const headers: [string, string][] = [['Vary', 'Origin']];
  if (request.headers['origin'] === LAB_FRONTEND) headers.push(['Access-Control-Allow-Origin', LAB_FRONTEND], ['Access-Control-Allow-Credentials', 'true']);
  return headers;
}

export const REAL_SERVER_POLICIES: LabPolicy[] = [
  {
    name: 'subdomain-word-regex',
    description: 'the pattern ^https://\\w+\\.victim\\.test$ (a made-up subdomain with a dash would not match it), with credentials',
    expected: ['any-subdomain'],
    clean: false,
    handle: grantIf((origin) => /^https:\/\/\w+\.victim\.test$/.test(origin), true),
  },
  {
    name: 'dev-server-vite-port',
    description: 'the front end plus the Vite dev server http://localhost:5173 left in a production allowlist, with credentials',
    expected: ['localhost-origin'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: grantIf((origin) => [LAB_FRONTEND, 'http://localhost:5173', 'http://127.0.0.1:4200'].includes(origin), true),
  },
  {
    name: 'acao-semicolon-list',
    description: 'two front ends joined with ";" in one static Access-Control-Allow-Origin (the URL parser takes it for one odd host)',
    expected: ['invalid-acao'],
    clean: false,
    handle: () => ({ status: 200, headers: [['Content-Type', 'application/json'], ['Access-Control-Allow-Origin', `${LAB_FRONTEND};admin.victim.test`]] }),
  },
  {
    name: 'preflight-without-vary',
    description: 'clean: an exact allowlist with credentials; GET answers carry Vary: Origin, preflight answers (not cacheable) do not',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      const origin = request.headers['origin'];
      const granted = origin === LAB_FRONTEND;
      const cors: [string, string][] = granted ? [['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Credentials', 'true']] : [];
      if (request.method === 'OPTIONS') {
        const preflight: [string, string][] = granted
          ? [['Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE'], ['Access-Control-Allow-Headers', 'authorization, content-type']]
          : [];
        return { status: 200, headers: [...cors, ...preflight] };
      }
      return { status: 200, headers: [['Content-Type', 'application/json'], ['Vary', 'Origin'], ...cors] };
    },
  },
  {
    name: 'wildcard-only-with-origin',
    description: 'Access-Control-Allow-Origin: * only on requests that carry an Origin (a CORS middleware that skips non-CORS requests), without Vary: Origin',
    expected: ['missing-vary', 'wildcard-origin'],
    clean: true,
    handle: (request) => {
      const cors: [string, string][] = request.headers['origin'] !== undefined ? [['Access-Control-Allow-Origin', '*']] : [];
      if (request.method === 'OPTIONS') {
        return { status: 204, headers: [...cors, ['Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE'], ['Access-Control-Allow-Headers', 'authorization, content-type']] };
      }
      return { status: 200, headers: [['Content-Type', 'application/json'], ...cors] };
    },
  },
  {
    name: 'echo-origin-variable',
    description: 'Apache Header always set Access-Control-Allow-Origin "expr=%{req:Origin}" with credentials: every Origin echoed, an empty value without one, no Vary',
    expected: ['origin-reflection', 'null-origin', 'missing-vary'],
    clean: false,
    handle: (request) => ({
      status: 200,
      headers: [['Content-Type', 'application/json'], ['Access-Control-Allow-Origin', request.headers['origin'] ?? ''], ['Access-Control-Allow-Credentials', 'true']],
    }),
  },
  {
    name: 'api-behind-catch-all',
    description: 'clean: the API owns /v2/me and its sub-resources (CORS on every status); a catch-all without CORS answers every other path (a sibling 404 proves nothing about the API)',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    targetPath: '/v2/me',
    handle: (request) => {
      const path = request.path.split('?')[0]!;
      if (path !== '/v2/me' && !path.startsWith('/v2/me/')) return { status: 404, headers: [['Content-Type', 'text/html']] };
      if (isPreflight(request)) {
        const granted = request.headers['origin'] === LAB_FRONTEND;
        return { status: 204, headers: [...frontEndGrant(request), ...(granted ? ([['Access-Control-Allow-Methods', 'GET, PUT'], ['Access-Control-Allow-Headers', 'authorization, content-type']] as [string, string][]) : [])] };
      }
      return { status: path === '/v2/me' ? 200 : 404, headers: [['Content-Type', 'application/json'], ...frontEndGrant(request)] };
    },
  },
  {
    name: 'get-route-no-other-preflights',
    description: 'clean: a GET-only route (hapi style): preflights for GET pass, preflights for methods the route does not serve get 404',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      if (isPreflight(request)) {
        const method = request.headers['access-control-request-method'];
        const asked = (request.headers['access-control-request-headers'] ?? '').split(',').filter(Boolean);
        if (method !== 'GET') return { status: 404, headers: [['Content-Type', 'application/json']] };
        // A fixed header list: the made-up header is refused with the whole preflight.
        if (request.headers['origin'] !== LAB_FRONTEND || !asked.every((name) => ['authorization', 'content-type'].includes(name))) return { status: 403, headers: [['Vary', 'Origin']] };
        return { status: 204, headers: [...frontEndGrant(request), ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Allow-Headers', 'authorization, content-type']] };
      }
      return { status: 200, headers: [['Content-Type', 'application/json'], ...frontEndGrant(request)] };
    },
  },
  {
    name: 'header-echo-after-method-check',
    description: 'a CORS extension (flask-cors allow_headers="*" style) that refuses unknown methods first and echoes any requested header for allowed ones',
    expected: ['reflected-request-headers'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      if (isPreflight(request)) {
        const method = request.headers['access-control-request-method']!;
        if (request.headers['origin'] !== LAB_FRONTEND || !['GET', 'POST', 'PUT', 'DELETE'].includes(method)) return { status: 200, headers: [['Vary', 'Origin']] };
        const asked = request.headers['access-control-request-headers'];
        return { status: 200, headers: [...frontEndGrant(request), ['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ...(asked ? ([['Access-Control-Allow-Headers', asked]] as [string, string][]) : [])] };
      }
      return { status: 200, headers: [['Content-Type', 'application/json'], ...frontEndGrant(request)] };
    },
  },
  {
    name: 'wildcard-credentials-cookie-echo',
    description: 'Starlette CORSMiddleware(allow_origins=["*"], allow_credentials=True): "*" with credentials, and the Origin echoed (Vary: Origin) when the request carries a Cookie',
    expected: ['origin-reflection', 'null-origin', 'wildcard-with-credentials', 'missing-vary', 'reflected-request-headers', 'preflight-inconsistent'],
    clean: false,
    handle: (request) => {
      const origin = request.headers['origin'];
      if (origin === undefined) return { status: 200, headers: [['Content-Type', 'application/json']] };
      if (isPreflight(request)) {
        // Starlette's preflight: the Origin echoed, the requested headers allowed (allow_headers=["*"]).
        const asked = request.headers['access-control-request-headers'];
        return {
          status: 200,
          headers: [
            ['Access-Control-Allow-Origin', origin],
            ['Access-Control-Allow-Credentials', 'true'],
            ['Access-Control-Allow-Methods', 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT'],
            ['Vary', 'Origin'],
            ...(asked ? ([['Access-Control-Allow-Headers', asked]] as [string, string][]) : []),
          ],
        };
      }
      const cors: [string, string][] = 'cookie' in request.headers ? [['Access-Control-Allow-Origin', origin], ['Vary', 'Origin']] : [['Access-Control-Allow-Origin', '*']];
      return { status: 200, headers: [['Content-Type', 'application/json'], ...cors, ['Access-Control-Allow-Credentials', 'true']] };
    },
  },
  {
    name: 'gateway-reflects-non-get',
    description: 'a gateway answers OPTIONS (and PUT/POST/DELETE) echoing any Origin with credentials, while the application answers GET for its front end only',
    expected: ['origin-reflection', 'null-origin', 'preflight-inconsistent'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      const origin = request.headers['origin'];
      if (request.method !== 'GET' && request.method !== 'HEAD' && origin !== undefined) {
        return {
          status: request.method === 'OPTIONS' ? 204 : 200,
          headers: [
            ['Access-Control-Allow-Origin', origin],
            ['Access-Control-Allow-Credentials', 'true'],
            ['Vary', 'Origin'],
            ...(request.method === 'OPTIONS' ? ([['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ['Access-Control-Allow-Headers', 'authorization, content-type']] as [string, string][]) : []),
          ],
        };
      }
      return { status: 200, headers: [['Content-Type', 'application/json'], ...frontEndGrant(request)] };
    },
  },
  {
    name: 'post-changes-state',
    description: 'clean: a production API where POST would create a record (answers 201); a default scan never sends it',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      if (isPreflight(request)) {
        const granted = request.headers['origin'] === LAB_FRONTEND;
        return { status: 204, headers: [...frontEndGrant(request), ...(granted ? ([['Access-Control-Allow-Methods', 'GET, POST'], ['Access-Control-Allow-Headers', 'authorization, content-type']] as [string, string][]) : [])] };
      }
      // POST fails without CORS headers: a scan that sent one would report cors-on-error-only.
      if (request.method === 'POST') return { status: 500, headers: [['Content-Type', 'application/json']] };
      return { status: 200, headers: [['Content-Type', 'application/json'], ...frontEndGrant(request)] };
    },
  },
  {
    name: 'vary-only-on-grants',
    description: 'Flask-CORS with an origins list: Vary: Origin only on answers that grant; refusals and the answer without Origin lack it',
    expected: ['missing-vary'],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      const granted = request.headers['origin'] === LAB_FRONTEND;
      const cors: [string, string][] = granted ? [['Access-Control-Allow-Origin', LAB_FRONTEND], ['Vary', 'Origin']] : [];
      if (isPreflight(request)) {
        return { status: 200, headers: [...cors, ...(granted ? ([['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ['Access-Control-Allow-Headers', 'authorization, content-type']] as [string, string][]) : [])] };
      }
      return { status: 200, headers: [['Content-Type', 'application/json'], ...cors] };
    },
  },
  {
    name: 'starlette-allow-all',
    description: 'clean: Starlette CORSMiddleware(allow_origins=["*"]) without credentials: "*" for requests with an Origin, the Origin echoed (no credentials) when a Cookie comes along',
    expected: ['wildcard-origin', 'missing-vary'],
    clean: true,
    handle: (request) => {
      const origin = request.headers['origin'];
      if (origin === undefined) return { status: 200, headers: [['Content-Type', 'application/json']] };
      if (isPreflight(request)) {
        const asked = (request.headers['access-control-request-headers'] ?? '').split(',').filter(Boolean);
        const ok = request.headers['access-control-request-method'] === 'GET' && asked.length === 0;
        return { status: ok ? 200 : 400, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Max-Age', '600']] };
      }
      const cors: [string, string][] = 'cookie' in request.headers ? [['Access-Control-Allow-Origin', origin], ['Vary', 'Origin']] : [['Access-Control-Allow-Origin', '*']];
      return { status: 200, headers: [['Content-Type', 'application/json'], ...cors] };
    },
  },
];
