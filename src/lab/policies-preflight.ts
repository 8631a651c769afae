import { LAB_FRONTEND, type LabPolicy, type LabRequest, type LabResponse } from './policy.js';

/**
 * Lab policies for preflights, header validity across statuses, and redirects
 * (issue 5). Each reproduces a deployment seen in the wild; the clean ones are
 * what a correct server does. Spread into POLICIES in policies.ts.
 */

type Headers = [string, string][];

const isPreflight = (request: LabRequest): boolean => request.method === 'OPTIONS' && 'access-control-request-method' in request.headers;

/** Vary: Origin, plus the grant when the request's Origin is on the allowlist. */
function grant(request: LabRequest, credentials: boolean, allowed: readonly string[] = [LAB_FRONTEND]): Headers {
  const origin = request.headers['origin'];
  const headers: Headers = [['Vary', 'Origin']];
  if (origin && allowed.includes(origin)) {
    headers.push(['Access-Control-Allow-Origin', origin]);
    if (credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
  }
  return headers;
}

const granted = (request: LabRequest, allowed: readonly string[] = [LAB_FRONTEND]): boolean => allowed.includes(request.headers['origin'] ?? '');

/** The application: the policy root answers 200, any other path 404. */
const routeStatus = (request: LabRequest): number => (request.path === '/' ? 200 : 404);

const json = (status: number, headers: Headers): LabResponse => ({ status, headers: [['Content-Type', 'application/json'], ...headers] });

const METHODS = 'GET, POST, PUT, PATCH, DELETE';
const HEADERS = 'Authorization, Content-Type, X-Requested-With';

/** A correct preflight answer for allowlisted origins; others get no CORS headers. */
function correctPreflight(request: LabRequest, credentials: boolean, extra: Headers = []): LabResponse {
  if (!granted(request)) return { status: 204, headers: [['Vary', 'Origin']] };
  return { status: 204, headers: [...grant(request, credentials), ['Access-Control-Allow-Methods', METHODS], ['Access-Control-Allow-Headers', HEADERS], ...extra] };
}

/** An API with a correct CORS layer on every response, where `preflight` answers OPTIONS. */
function api(preflight: (request: LabRequest) => LabResponse, credentials = true) {
  return (request: LabRequest): LabResponse => (isPreflight(request) ? preflight(request) : json(routeStatus(request), grant(request, credentials)));
}

export const PREFLIGHT_POLICIES: LabPolicy[] = [
  {
    name: 'preflight-401',
    description: 'authentication middleware runs before CORS: OPTIONS gets 401 while GET grants the front end',
    expected: ['preflight-failure'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: api(() => ({ status: 401, headers: [['WWW-Authenticate', 'Bearer realm="api"']] })),
  },
  {
    name: 'preflight-404',
    description: 'the router has no OPTIONS route: preflights get 404 while GET grants the front end',
    expected: ['preflight-failure'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: api(() => json(404, [])),
  },
  {
    name: 'preflight-405',
    description: 'OPTIONS is not an allowed method (405 with Allow) while GET grants the front end',
    expected: ['preflight-failure'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: api(() => ({ status: 405, headers: [['Allow', 'GET, POST, HEAD']] })),
  },
  {
    name: 'gateway-reflects-preflight',
    description: 'a gateway copies Access-Control-Request-Method and -Headers into the preflight answer for its front end',
    expected: ['reflected-request-method', 'reflected-request-headers'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: api((request) => {
      if (!granted(request)) return { status: 204, headers: [['Vary', 'Origin']] };
      const headers: Headers = [...grant(request, true), ['Access-Control-Allow-Methods', request.headers['access-control-request-method']!]];
      const asked = request.headers['access-control-request-headers'];
      if (asked) headers.push(['Access-Control-Allow-Headers', asked]);
      return { status: 204, headers };
    }),
  },
  {
    name: 'max-age-ten-days',
    description: 'a correct preflight cached for Access-Control-Max-Age: 864000 (browsers cap it)',
    expected: ['excessive-max-age'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: api((request) => correctPreflight(request, true, [['Access-Control-Max-Age', '864000']])),
  },
  {
    name: 'expose-credentials',
    description: 'Access-Control-Expose-Headers hands Authorization and X-Api-Key to the front end',
    expected: ['sensitive-expose-headers'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      const response = api((r) => correctPreflight(r, true))(request);
      if (!isPreflight(request) && granted(request)) {
        response.headers.push(['Access-Control-Expose-Headers', 'Authorization, X-Api-Key, ETag'], ['X-Api-Key', 'k-123'], ['ETag', '"1"']);
      }
      return response;
    },
  },
  {
    name: 'pna-everyone',
    description: 'a device API on the private network answers every preflight with * and Access-Control-Allow-Private-Network: true',
    expected: ['private-network-permissive', 'wildcard-origin'],
    clean: false,
    handle: (request) =>
      isPreflight(request)
        ? {
            status: 204,
            headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Allow-Private-Network', 'true']],
          }
        : json(routeStatus(request), [['Access-Control-Allow-Origin', '*']]),
  },
  {
    name: 'cors-2xx-only',
    description: 'nginx add_header without "always": CORS headers on 2xx only, none on 404 and 405',
    expected: ['cors-on-error-only'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      if (isPreflight(request)) return correctPreflight(request, true);
      const status = request.method === 'POST' ? 405 : routeStatus(request);
      return json(status, status < 300 ? grant(request, true) : [['Vary', 'Origin']]);
    },
  },
  {
    name: 'acam-wildcard-credentials',
    description: 'Access-Control-Allow-Methods: * and -Headers: * with credentials, where browsers read "*" literally',
    expected: ['wildcard-methods-headers-credentials'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: api((request) =>
      granted(request)
        ? { status: 204, headers: [...grant(request, true), ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', '*']] }
        : { status: 204, headers: [['Vary', 'Origin']] },
    ),
  },
  {
    name: 'acah-wildcard-authorization',
    description: 'a bearer-token API (no cookies) relies on Access-Control-Allow-Headers: * to allow Authorization',
    expected: ['wildcard-allow-headers-authorization'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: api(
      (request) =>
        granted(request)
          ? { status: 204, headers: [...grant(request, false), ['Access-Control-Allow-Methods', METHODS], ['Access-Control-Allow-Headers', '*']] }
          : { status: 204, headers: [['Vary', 'Origin']] },
      false,
    ),
  },
  {
    name: 'preflight-grants-any',
    description: 'a generic OPTIONS handler grants every origin while the actual responses grant only the front end',
    expected: ['preflight-inconsistent'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: api((request) => ({
      status: 204,
      headers: [
        ['Vary', 'Origin'],
        ['Access-Control-Allow-Origin', request.headers['origin'] ?? '*'],
        ['Access-Control-Allow-Methods', METHODS],
        ['Access-Control-Allow-Headers', HEADERS],
      ],
    }), false),
  },
  {
    name: 'redirect-trailing-slash',
    description: 'GET /api answers 301 to /api/ without CORS headers; /api/ grants the front end',
    expected: ['redirect-without-cors'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    targetPath: '/api',
    handle: (request) => {
      // The CORS middleware answers preflights on any path; the slash redirect comes after it.
      if (isPreflight(request)) return correctPreflight(request, true);
      const path = request.path.split('?')[0]!;
      if (!path.endsWith('/')) return { status: 301, headers: [['Location', `/redirect-trailing-slash${path}/`]] };
      return json(path === '/api/' ? 200 : 404, grant(request, true));
    },
  },
  {
    name: 'preflight-correct',
    description: 'clean: an exact allowlist with credentials, fixed method and header lists, Max-Age 600, CORS on every status',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: api((request) => correctPreflight(request, true, [['Access-Control-Max-Age', '600']])),
  },
  {
    name: 'preflight-strict',
    description: 'clean: a strict server (jub0bs/cors style) that answers only browser-formatted preflights and 403s anything else',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: api((request) => {
      const method = request.headers['access-control-request-method']!;
      const acrh = request.headers['access-control-request-headers'];
      const names = acrh === undefined ? [] : acrh.split(',');
      const allowedHeaders = ['authorization', 'content-type', 'x-requested-with'];
      // Browsers send ACRH lower-case, sorted, de-duplicated, comma-joined without spaces.
      const wellFormed = acrh === undefined || (acrh !== '' && names.every((n, i) => /^[a-z0-9-]+$/.test(n) && (i === 0 || names[i - 1]! < n)));
      const ok = granted(request) && wellFormed && ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && names.every((n) => allowedHeaders.includes(n));
      if (!ok) return { status: 403, headers: [['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers']] };
      // Echo only the single requested method and headers, once validated (discloses nothing else).
      const headers: Headers = [...grant(request, true), ['Access-Control-Allow-Methods', method]];
      if (acrh) headers.push(['Access-Control-Allow-Headers', acrh]);
      return { status: 204, headers };
    }),
  },
  {
    name: 'preflight-ok-actual-401',
    description: 'clean: a correct preflight, and 401 on the actual request (no session) with the CORS headers intact',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) =>
      isPreflight(request) ? correctPreflight(request, true) : json(401, [...grant(request, true), ['WWW-Authenticate', 'Bearer realm="api"']]),
  },
  {
    name: 'cors-on-all-statuses',
    description: 'clean: the same CORS headers on 200, 404 and 500',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      if (isPreflight(request)) return correctPreflight(request, true);
      const status = request.method === 'POST' ? 500 : routeStatus(request);
      return json(status, grant(request, true));
    },
  },
];
