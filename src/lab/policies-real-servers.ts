import { LAB_FRONTEND, type LabPolicy, type LabRequest, type LabResponse } from './policy.js';

/**
 * Behaviours seen on real servers (issue 15 §2), one policy per correction, so the
 * end-to-end suite keeps each verdict right: what must be reported, and what must not.
 */

/** Grants the request Origin when `accepts` says so, with Vary: Origin on every answer. */
function grantIf(accepts: (origin: string) => boolean, credentials: boolean) {
  return (request: LabRequest): LabResponse => {
    const origin = request.headers['origin'];
    const headers: [string, string][] = [['Content-Type', 'application/json'], ['Vary', 'Origin']];
    if (origin !== undefined && accepts(origin)) {
      headers.push(['Access-Control-Allow-Origin', origin]);
      if (credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
    }
    return { status: 200, headers };
  };
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
];
