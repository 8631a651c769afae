import { LAB_FRONTEND, type LabPolicy, type LabRequest, type LabResponse } from './policy.js';

/**
 * Origin checks written the way real code gets them wrong (issue 4), and clean
 * ones that must stay silent. Every policy answers with Vary: Origin, so each
 * one shows its own defect and nothing else.
 */

const ADMIN = 'https://admin.victim.test';

/** Grants the request Origin when `accepts` says so, with Vary: Origin on every answer. */
export function grantIf(accepts: (origin: string) => boolean, credentials: boolean) {
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

/** The host name of an Origin, or '' when it does not parse (what a server using URL would see). */
const hostnameOf = (origin: string): string => {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
};

export const ORIGIN_TRUST_POLICIES: LabPolicy[] = [
  {
    name: 'ends-with-domain',
    description: "origin.endsWith('victim.test') with credentials: corscanvictim.test passes",
    expected: ['suffix-match'],
    clean: false,
    handle: grantIf((origin) => origin.endsWith('victim.test'), true),
  },
  {
    name: 'starts-with-frontend',
    description: "origin.startsWith('https://app.victim.test') with credentials: app.victim.test.<attacker> passes",
    expected: ['prefix-match'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: grantIf((origin) => origin.startsWith(LAB_FRONTEND), true),
  },
  {
    name: 'unescaped-dot-regex',
    description: 'the regex /^https:\\/\\/app.victim.test$/ with unescaped dots: appxvictim.test passes',
    expected: ['unescaped-dot'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: grantIf((origin) => /^https:\/\/app.victim.test$/.test(origin), true),
  },
  {
    name: 'glob-unanchored-regex',
    description: 'the glob http*://*.victim.test turned into an unanchored regex with unescaped dots (wso2/api-manager#3832)',
    expected: ['substring-match', 'unescaped-dot'],
    clean: false,
    handle: grantIf((origin) => /http.*:\/\/.*.victim.test/.test(origin), false),
  },
  {
    name: 'includes-domain',
    description: "origin.includes('victim.test'): any origin containing the name passes",
    expected: ['substring-match'],
    clean: false,
    handle: grantIf((origin) => origin.includes('victim.test'), false),
  },
  {
    name: 'allowlist-substring',
    description: 'the Origin looked up in a string of allowed origins with includes(): https://app.victim.tes passes',
    expected: ['substring-match'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND, ADMIN],
    handle: grantIf((origin) => `${LAB_FRONTEND} ${ADMIN}`.includes(origin), true),
  },
  {
    name: 'allowlist-joined-regex',
    description:
      "the allowlist joined into one regex without a group, new RegExp('^https://' + hosts.join('|') + '$'): both ends unanchored, dots unescaped",
    expected: ['prefix-match', 'suffix-match', 'unescaped-dot'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND, 'https://partner.example'],
    handle: grantIf((origin) => new RegExp(`^https://${['app.victim.test', 'partner.example'].join('|')}$`).test(origin), true),
  },
  {
    name: 'word-boundary-regex',
    description: 'the regex /^https:\\/\\/app\\.victim\\.test\\b(?!\\.)/ ("no dot after the host"): app.victim.test!.<attacker> passes',
    expected: ['special-chars'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: grantIf((origin) => /^https:\/\/app\.victim\.test\b(?!\.)/.test(origin), false),
  },
  {
    name: 'scheme-wildcard',
    description: 'an https API with the regex /^https?:\\/\\/app\\.victim\\.test$/ and credentials: http://app.victim.test passes',
    expected: ['insecure-scheme'],
    clean: false,
    scheme: 'https',
    trustedOrigins: [LAB_FRONTEND],
    handle: grantIf((origin) => /^https?:\/\/app\.victim\.test$/.test(origin), true),
  },
  {
    name: 'subdomain-pattern',
    description: 'the pattern *.victim.test done right as a regex, with credentials: every subdomain passes',
    expected: ['any-subdomain'],
    clean: false,
    handle: grantIf((origin) => /^https:\/\/[a-z0-9-]+\.victim\.test$/.test(origin), true),
  },
  {
    name: 'subdomain-glob-naive',
    description: "the pattern *.victim.test turned into ^.*.victim.test$ on the host name: corscanvictim.test passes",
    expected: ['suffix-match'],
    clean: false,
    handle: grantIf((origin) => /^.*.victim.test$/.test(hostnameOf(origin)), false),
  },
  {
    name: 'third-party-pages',
    description: 'trusts its front end, every *.github.io page and codepen.io, with credentials',
    expected: ['third-party-origin'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: grantIf((origin) => origin === LAB_FRONTEND || /^https:\/\/[a-z0-9-]+\.github\.io$/.test(origin) || origin === 'https://codepen.io', true),
  },
  {
    name: 'localhost-dev-origins',
    description: 'a development allowlist (localhost:3000, 127.0.0.1) that reached production, with credentials',
    expected: ['localhost-origin'],
    clean: false,
    trustedOrigins: [LAB_FRONTEND],
    handle: grantIf((origin) => [LAB_FRONTEND, 'http://localhost:3000', 'http://127.0.0.1'].includes(origin), true),
  },
  {
    name: 'allowlist-multi-origin',
    description: 'clean: an exact allowlist of three front ends with Vary: Origin, without credentials',
    expected: [],
    clean: true,
    trustedOrigins: [LAB_FRONTEND, ADMIN, 'https://www.victim.test'],
    handle: grantIf((origin) => [LAB_FRONTEND, ADMIN, 'https://www.victim.test'].includes(origin), false),
  },
  {
    name: 'allowlist-learned',
    description: 'clean: an exact allowlist with credentials, scanned without --trusted-origin (corscan learns app.victim.test)',
    expected: [],
    clean: true,
    handle: grantIf((origin) => [LAB_FRONTEND, ADMIN].includes(origin), true),
  },
  {
    name: 'trusts-other-domain',
    description: 'clean: trusts exactly one front end on a different registrable domain, with credentials',
    expected: [],
    clean: true,
    trustedOrigins: ['https://app.victimcorp.example'],
    handle: grantIf((origin) => origin === 'https://app.victimcorp.example', true),
  },
  {
    name: 'https-allowlist-exact',
    description: 'clean: an https API with an exact https allowlist, credentials and HSTS',
    expected: [],
    clean: true,
    scheme: 'https',
    trustedOrigins: [LAB_FRONTEND],
    handle: (request) => {
      const response = grantIf((origin) => origin === LAB_FRONTEND, true)(request);
      response.headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
      return response;
    },
  },
];
