// Writes docs/rules/<id>.md for every rule: the generated parts (meta, fix advice, probes)
// from the built rules, plus the hand-written "why browsers care" and per-stack notes
// below. Run `npm run build && node scripts/rule-docs.mjs` after changing a rule.
import { mkdirSync, writeFileSync } from 'node:fs';
import { RULES } from '../dist/rules/index.js';
import { planProbes } from '../dist/probe/plan.js';
import { describeSite } from '../dist/probe/site.js';

const FRONT_END = 'https://app.example.com';
const site = { ...describeSite('https://api.example.com/v1/me', [FRONT_END]), learnedTrustedOrigins: [] };

/** Why a browser user is hurt, per rule: one or two sentences, in plain words. */
const WHY = {
  'origin-reflection': 'The browser trusts the answer, not the server\'s intent: an echoed Origin lets any web page the victim visits read the response, with their cookies when credentials are allowed.',
  'null-origin': 'Sandboxed iframes, `data:` URLs and some redirects send `Origin: null`; any attacker page can create one, so granting `null` grants everyone.',
  'suffix-match': 'Anyone can register `attacker-<your domain>`: the browser hands the response to that page because the server said so.',
  'prefix-match': 'Anyone can create `<your domain>.attacker.com`: the browser hands the response to that page because the server said so.',
  'unescaped-dot': 'A regex dot matches any character, so `appXexample.com` (registrable by anyone) passes the check.',
  'substring-match': 'Any domain containing your name passes a substring check, and the browser honours the grant.',
  'special-chars': 'Safari accepts host names with characters such as `_` or `` ` ``, so a lax pattern lets an attacker-controlled origin through in Safari users\' browsers.',
  'insecure-scheme': 'An http page can be rewritten by anyone on the network path (public Wi-Fi), who then reads your https API through it.',
  'any-subdomain': 'One XSS, forgotten or taken-over subdomain becomes a reader of your API for every user.',
  'third-party-origin': 'Shared hosting domains (github.io, herokuapp.com, S3) host pages anyone can publish: the browser treats them as the trusted origin.',
  'localhost-origin': 'Any process or page served on the victim\'s own machine or LAN becomes a trusted reader of the production API.',
  'wildcard-with-credentials': 'Browsers refuse `*` on credentialed requests, so the front end breaks; servers that then "fix" it by echoing Origin open the API to everyone.',
  'wildcard-origin': 'Every site can read the response; fine for public data, a leak for anything that depends on who asks (IP-based access, intranet).',
  'multiple-acao': 'Browsers combine repeated headers into one value, which never equals an origin: every CORS request fails.',
  'invalid-acao': 'The browser compares byte for byte: a trailing slash, path, upper case or default port makes every request fail.',
  'invalid-acac': 'Only the exact value `true` counts: `True` or a repeated header makes credentialed requests fail.',
  'missing-vary': 'Without `Vary: Origin` a cache (browser, CDN, proxy) may serve one origin\'s answer to another: breakage, or a grant replayed to the wrong origin.',
  'preflight-failure': 'The browser sends the real request only after a successful preflight; a rejected OPTIONS (401, 404, 405) blocks the front end.',
  'preflight-inconsistent': 'The browser checks the preflight and the actual response separately; when they disagree, requests fail or are granted in ways nobody intended.',
  'wildcard-methods-headers-credentials': 'With credentials, `*` in Allow-Methods/-Headers is read as a literal name, so the methods and headers the front end uses are refused.',
  'wildcard-allow-headers-authorization': 'Fetch never lets `*` cover `Authorization`: Firefox and Safari block bearer-token calls while Chromium lets them pass, so the bug hides in testing.',
  'reflected-request-method': 'Echoing the requested method allows every method to every granted origin, including ones the API never meant to expose cross-origin.',
  'reflected-request-headers': 'Echoing the requested headers allows any header, so no preflight ever protects a header-based defence (CSRF tokens, custom auth).',
  'excessive-max-age': 'Browsers cap the preflight cache (Chromium 7200 s, Firefox 86400 s); a longer value only delays policy changes and hides the cap.',
  'sensitive-expose-headers': 'Exposed headers become readable by script on every granted origin: tokens and session headers leak to any XSS there.',
  'private-network-permissive': 'Private Network Access lets a public page reach devices on the user\'s network only when they agree; agreeing for every origin opens the LAN.',
  'grant-exceeds-usage': 'Every method, header or origin granted beyond what the front end uses is attack surface no user needs.',
  'cors-on-error-only': 'Browsers apply CORS to every response; headers missing on some statuses or paths make error handling fail, or leak on error pages only.',
  'redirect-without-cors': 'Browsers run the CORS check on every redirect hop; a hop without CORS headers fails the fetch although the final URL would grant it.',
  'policy-drift': 'The deployed policy is what browsers enforce; when it differs from the stated one, either the front end breaks or more is granted than reviewed.',
};

/** Per-stack notes: where the defect usually comes from, and the setting that fixes it. */
const ORIGIN_LIST = [
  'Express / Fastify / Koa / Hono: pass an exact array to `origin` (`[\'https://app.example.com\']`), not a function that tests a pattern or `true`.',
  'nginx: `map $http_origin $cors_origin { "https://app.example.com" $http_origin; default ""; }` and `add_header Access-Control-Allow-Origin $cors_origin always;`.',
  'Spring: `allowedOrigins("https://app.example.com")`, not `allowedOriginPatterns("*")`.',
  'Django (django-cors-headers): `CORS_ALLOWED_ORIGINS = ["https://app.example.com"]`; avoid `CORS_ALLOWED_ORIGIN_REGEXES` and `CORS_ALLOW_ALL_ORIGINS`.',
  'Flask-CORS: `CORS(app, origins=["https://app.example.com"])`; a string there is a regex.',
];
const PREFLIGHT_LISTS = [
  'Express (cors): `methods: [...]`, `allowedHeaders: [...]` (without `allowedHeaders` the package echoes the request headers).',
  'nginx: answer `if ($request_method = OPTIONS) { return 204; }` after the `add_header ... always` lines with fixed lists.',
  'Spring: `allowedMethods(...)`, `allowedHeaders(...)` with names, not `"*"` when `allowCredentials(true)`.',
  'Django (django-cors-headers): `CORS_ALLOW_METHODS`, `CORS_ALLOW_HEADERS`.',
];
const ALWAYS = [
  'nginx: `add_header ... always;` (without `always` nginx drops the header on 4xx/5xx).',
  'Apache: `Header always set ...` (plain `Header set` skips error responses).',
  'Express / Fastify: register the CORS middleware before authentication, routing and error handlers.',
  'Spring Security: `http.cors(...)` so the CORS filter runs before authentication.',
];
const STACK = {
  permissive: ORIGIN_LIST,
  'wildcard-origin': ['Express (cors): `origin: [...]` instead of the default `*`.', 'nginx / Apache: replace `Access-Control-Allow-Origin *` with the `map` of exact origins.', ...ORIGIN_LIST.slice(2)],
  'wildcard-with-credentials': ['Express (cors): `origin: [...]` with `credentials: true` (never `origin: \'*\'`).', ...ORIGIN_LIST.slice(1)],
  'multiple-acao': ['Set CORS in one layer only: either the proxy (nginx `proxy_hide_header Access-Control-Allow-Origin;`) or the application.', ...ORIGIN_LIST.slice(0, 1)],
  'invalid-acao': ['Copy the origin exactly as the browser sends it: scheme, host, non-default port; no path, no trailing slash.', ...ORIGIN_LIST.slice(1, 2)],
  'invalid-acac': ['Send the header only once and exactly `true`; frameworks do with `credentials: true` / `allowCredentials(true)` / `CORS_ALLOW_CREDENTIALS = True`.'],
  'missing-vary': ['Express (cors) and django-cors-headers add `Vary: Origin` themselves; hand-written handlers must add it.', 'nginx: `add_header Vary Origin always;` next to the origin `map`.'],
  'preflight-failure': ALWAYS,
  'preflight-inconsistent': ['Configure CORS once (one middleware or one proxy block) for OPTIONS and every other method.', ...ALWAYS.slice(0, 1)],
  'cors-on-error-only': ALWAYS,
  'redirect-without-cors': ['Call the final URL (trailing slash, https) from the front end.', ...ALWAYS.slice(0, 2)],
  'wildcard-methods-headers-credentials': PREFLIGHT_LISTS,
  'wildcard-allow-headers-authorization': PREFLIGHT_LISTS,
  'reflected-request-method': PREFLIGHT_LISTS,
  'reflected-request-headers': PREFLIGHT_LISTS,
  'excessive-max-age': ['Express (cors): `maxAge: 600`.', 'nginx: `add_header Access-Control-Max-Age 600 always;`.', 'Spring: `maxAge(600)`.', 'Django: `CORS_PREFLIGHT_MAX_AGE = 600`.'],
  'sensitive-expose-headers': ['Express (cors): `exposedHeaders: [...]` with only what the front end reads.', 'Spring: `exposedHeaders(...)`.', 'Django: `CORS_EXPOSE_HEADERS`.'],
  'private-network-permissive': ['Send `Access-Control-Allow-Private-Network: true` from the same check that grants the trusted origins, never unconditionally.'],
  'grant-exceeds-usage': ['`corscan scan --har <recording>` prints the `corscan policy` command with exactly what the front end used.', ...PREFLIGHT_LISTS.slice(0, 1)],
  'policy-drift': ['Compare the deployed configuration with the `expect` block of the config file; `corscan policy` with the flags of the finding prints it per framework.'],
};

function probesOf(rule) {
  const stage1 = planProbes(site, rule.requires, 1);
  const all = [...stage1, ...planProbes(site, rule.requires, 2, {}, stage1)];
  return all.filter((probe) => probe.families.some((family) => rule.requires.includes(family)));
}

function page(rule) {
  const { meta } = rule;
  const fix = rule.fix({}, site);
  const stack = STACK[rule.id] ?? STACK[meta.category] ?? [];
  const probes = probesOf(rule);
  const out = [
    `# \`${rule.id}\`: ${meta.title}`,
    '',
    `Severity **${meta.severity}** (base; some findings are raised or lowered) · category **${meta.category}** · precision ${meta.precision}${meta.cwe.length ? ` · ${meta.cwe.join(', ')}` : ''}`,
    '',
    '## What holds',
    '',
    meta.description,
    '',
    '## Why browsers care',
    '',
    WHY[rule.id],
    '',
    '## How to fix',
    '',
    `${fix.advice.replace(/[.;:,\s]+$/, '')}${fix.advice.endsWith('otherwise') ? ' list the exact origins' : ''}. ${meta.remediation}`,
    '',
    'Each finding carries the exact headers for the site\'s trusted origins, keeping the methods, headers and credentials the server already grants them. `corscan policy --origin https://app.example.com [--credentials] --framework <name>` prints the configuration per framework.',
    '',
    ...(stack.length ? ['Per stack:', '', ...stack.map((line) => `- ${line}`), ''] : []),
    '## The probes that show it',
    '',
    ...(probes.length
      ? [`Probe families: ${rule.requires.map((f) => `\`${f}\``).join(', ')}. For a target \`https://api.example.com/v1/me\` with front end \`${FRONT_END}\`:`, '', ...probes.map((p) => `- \`${p.method}\`${p.origin ? ` from \`${p.origin}\`` : ''}: ${p.why}`)]
      : [`Probe families: ${rule.requires.map((f) => `\`${f}\``).join(', ')} (planned from the scan's input, e.g. the config file's expected policy or a HAR).`]),
    '',
    '## References',
    '',
    ...meta.references.map((reference) => `- ${reference}`),
    '',
  ];
  return out.join('\n');
}

mkdirSync(new URL('../docs/rules/', import.meta.url), { recursive: true });
for (const rule of RULES) {
  if (!WHY[rule.id]) throw new Error(`scripts/rule-docs.mjs: write WHY for ${rule.id}`);
  writeFileSync(new URL(`../docs/rules/${rule.id}.md`, import.meta.url), page(rule));
}
console.log(`wrote ${RULES.length} pages to docs/rules/`);
