import { ORIGIN_TRUST_POLICIES } from './policies-origin-trust.js';
import { PREFLIGHT_POLICIES } from './policies-preflight.js';
import { REAL_SERVER_POLICIES } from './policies-real-servers.js';
import { LAB_FRONTEND, type LabPolicy, type LabRequest, type LabResponse } from './policy.js';

const ok = (headers: [string, string][] = []): LabResponse => ({
  status: 200,
  headers: [['Content-Type', 'application/json'], ...headers],
});

const origin = (request: LabRequest): string | undefined => request.headers['origin'];

/** Answers `allowed` origins exactly (with Vary: Origin), others without CORS headers. */
function exactAllowlist(allowed: readonly string[], credentials: boolean) {
  return (request: LabRequest): LabResponse => {
    const requestOrigin = origin(request);
    const headers: [string, string][] = [['Vary', 'Origin']];
    if (requestOrigin && allowed.includes(requestOrigin)) {
      headers.push(['Access-Control-Allow-Origin', requestOrigin]);
      if (credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
    }
    return ok(headers);
  };
}

/** Adds preflight answers (methods, headers, max-age) to an OPTIONS response that granted the origin. */
function withPreflight(response: LabResponse, request: LabRequest, methods: string, headers: string, maxAge?: string): LabResponse {
  const granted = response.headers.some(([name]) => name === 'Access-Control-Allow-Origin');
  if (request.method !== 'OPTIONS' || !granted) return response;
  response.status = 204;
  response.headers.push(['Access-Control-Allow-Methods', methods], ['Access-Control-Allow-Headers', headers]);
  if (maxAge) response.headers.push(['Access-Control-Max-Age', maxAge]);
  return response;
}

/** The foundation's named policies; rule issues add theirs to this list. */
export const POLICIES: LabPolicy[] = [
  {
    name: 'reflect-any',
    description: 'echoes every Origin (a reflect-everything middleware), with Vary: Origin on every answer',
    expected: ['origin-reflection', 'null-origin'],
    clean: false,
    handle: (request) => {
      const o = origin(request);
      return ok(o ? [['Access-Control-Allow-Origin', o], ['Vary', 'Origin']] : [['Vary', 'Origin']]);
    },
  },
  {
    name: 'reflect-any-with-credentials',
    description: 'echoes every Origin and allows credentials, without Vary',
    expected: ['origin-reflection', 'null-origin', 'missing-vary'],
    clean: false,
    handle: (request) => {
      const o = origin(request);
      return ok(o ? [['Access-Control-Allow-Origin', o], ['Access-Control-Allow-Credentials', 'true']] : []);
    },
  },
  {
    name: 'null-allowed',
    description: 'trusts its front end and, for sandboxed previews, the null origin',
    expected: ['null-origin'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => exactAllowlist([LAB_FRONTEND, 'null'], true)(request),
  },
  {
    name: 'wildcard-with-credentials',
    description: 'Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true',
    expected: ['wildcard-with-credentials'],
    clean: false,
    handle: () => ok([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']]),
  },
  {
    name: 'duplicate-acao',
    description: 'a proxy and the application both add Access-Control-Allow-Origin',
    expected: ['multiple-acao'],
    clean: false,
    handle: () => ok([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Origin', LAB_FRONTEND]]),
  },
  {
    name: 'acao-list',
    description: 'a comma-separated allowlist copied into Access-Control-Allow-Origin',
    expected: ['multiple-acao'],
    clean: false,
    handle: () => ok([['Access-Control-Allow-Origin', `${LAB_FRONTEND}, https://admin.victim.test`]]),
  },
  {
    name: 'acao-trailing-slash',
    description: 'answers its front end with a trailing slash, which never matches',
    expected: ['invalid-acao'],
    clean: false,
    handle: () => ok([['Access-Control-Allow-Origin', `${LAB_FRONTEND}/`]]),
  },
  {
    name: 'acac-capitalised',
    description: 'sends Access-Control-Allow-Credentials: True, which browsers do not accept',
    expected: ['invalid-acac'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      const response = exactAllowlist([LAB_FRONTEND], false)(request);
      response.headers.push(['Access-Control-Allow-Credentials', 'True']);
      return response;
    },
  },
  {
    name: 'missing-vary-origin',
    description: 'answers its front end exactly but forgets Vary: Origin',
    expected: ['missing-vary'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) =>
      ok(origin(request) === LAB_FRONTEND ? [['Access-Control-Allow-Origin', LAB_FRONTEND]] : []),
  },
  {
    name: 'allowlist-exact',
    description: 'clean: an exact allowlist of one front end, with Vary: Origin',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND],
    handle: exactAllowlist([LAB_FRONTEND], false),
  },
  {
    name: 'allowlist-exact-with-credentials',
    description: 'clean: an exact allowlist of two front ends with credentials and Vary: Origin',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND, 'https://admin.victim.test'],
    handle: exactAllowlist([LAB_FRONTEND, 'https://admin.victim.test'], true),
  },
  {
    name: 'wildcard-public',
    description: 'clean: public data with Access-Control-Allow-Origin: *',
    expected: ['wildcard-origin'],
    clean: true,
    handle: () => ok([['Access-Control-Allow-Origin', '*']]),
  },
  {
    name: 'policy-drifted',
    description: 'the deployed allowlist drifted from the config: a legacy origin still granted, the admin front end refused, PUT missing, DELETE added',
    expected: ['policy-drift'],
    clean: false,
    trustedOrigins: ['https://legacy.victim.test'],
    expect: { allowedOrigins: [LAB_FRONTEND, 'https://admin.victim.test'], credentials: true, methods: ['PUT'], headers: ['Content-Type'] },
    handle: (request) => withPreflight(exactAllowlist([LAB_FRONTEND, 'https://legacy.victim.test'], true)(request), request, 'GET, POST, DELETE', 'Content-Type'),
  },
  {
    name: 'policy-as-expected',
    description: 'clean: answers exactly the policy its config file states (one front end, credentials, PUT, Content-Type, max-age 600)',
    expected: [],
    clean: true,
    expect: { allowedOrigins: [LAB_FRONTEND], credentials: true, methods: ['PUT'], headers: ['Content-Type'], maxAge: 600 },
    handle: (request) => withPreflight(exactAllowlist([LAB_FRONTEND], true)(request), request, 'GET, PUT', 'Content-Type', '600'),
  },
  {
    name: 'no-cors',
    description: 'clean: no CORS headers at all',
    expected: [],
    clean: true,
    handle: () => ok(),
  },
  ...ORIGIN_TRUST_POLICIES,
  ...PREFLIGHT_POLICIES,
  ...REAL_SERVER_POLICIES,
];

/** Looks a policy up by name. */
export function findPolicy(name: string): LabPolicy | undefined {
  return POLICIES.find((policy) => policy.name === name);
}
