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
];
