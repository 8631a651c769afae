import { join } from 'node:path';
import { expect } from 'vitest';
import { FRONTEND, freePort, spawnServer, trustsExactly, writeFile, type ServerConfig, type Stack } from '../harness.js';

/**
 * nginx (Debian nginx-light: add_header, map and proxy are core). One nginx serves every
 * configuration as its own `location /<name>/`; a second server block on another port plays
 * the application behind the proxy configurations.
 */

const OK = `default_type application/json; return 200 '{"ok":true}';`;
const PREFLIGHT_204 = `if ($request_method = OPTIONS) { return 204; }`;

/**
 * The location of a credentialed API behind an allowlist `map`: GET answers from `$get`, the
 * preflight (204, methods, headers, Max-Age 600) from `$preflight`, every header with `always`.
 */
function credentialedAllowlist(get: string, preflight = get): string {
  return `
      add_header Access-Control-Allow-Origin $${get} always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Vary Origin always;
      if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin $${preflight} always;
        add_header Access-Control-Allow-Credentials true always;
        add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE" always;
        add_header Access-Control-Allow-Headers "Content-Type, Authorization" always;
        add_header Access-Control-Max-Age 600 always;
        add_header Vary Origin always;
        return 204;
      }
      ${OK}`;
}

interface NginxConfig extends ServerConfig {
  /** The body of `location /<name>/ { … }`. */
  location: string;
  /** `map` blocks this configuration needs (http level). */
  maps?: string;
}

const CONFIGS: NginxConfig[] = [
  {
    name: 'map-allowlist',
    correct: true,
    expect: [],
    live: 'GET Origin app → 200 ACAO app, ACAC true, Vary: Origin; evil, null, app.example.test.evil.example, appxexample.test, sub.example.test, localhost:3000 → no ACAO; preflight PUT from app → 204 with ACAM GET, POST, PUT, DELETE, ACAH Content-Type, Authorization, Max-Age 600; from evil → no ACAO',
    maps: `map $http_origin $map_allowlist { "https://app.example.test" $http_origin; default ""; }`,
    location: credentialedAllowlist('map_allowlist'),
  },
  {
    name: 'echo-http-origin',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'missing-vary'],
    live: 'GET Origin https://evil.example → ACAO https://evil.example + ACAC true; Origin null → ACAO null + ACAC true; no Vary on any answer',
    location: `
      add_header Access-Control-Allow-Origin $http_origin always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE, OPTIONS" always;
      add_header Access-Control-Allow-Headers "Content-Type, Authorization" always;
      ${PREFLIGHT_204}
      ${OK}`,
  },
  {
    name: 'without-always',
    correct: false,
    expect: ['cors-on-error-only'],
    live: 'GET /without-always/api/me Origin app → 200 ACAO app; GET /without-always/api/me/corscan-404 Origin app → 404 without any CORS header (add_header without always)',
    maps: `map $http_origin $map_without_always { "https://app.example.test" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_without_always;
      add_header Vary Origin;
      location = /without-always/api/me { ${OK} }
      return 404;`,
  },
  {
    name: 'nested-location',
    correct: false,
    trusted: [FRONTEND],
    policy: { allowedOrigins: [FRONTEND] },
    expect: ['policy-drift'],
    live: "the inner location's own add_header replaces the outer ones: GET and OPTIONS from app → 200 without any Access-Control-* header, so the declared front end is refused",
    path: 'api/me',
    maps: `map $http_origin $map_nested { "https://app.example.test" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_nested always;
      add_header Vary Origin always;
      location /nested-location/api/ {
        add_header Cache-Control "no-store";
        ${OK}
      }
      ${OK}`,
  },
  {
    name: 'wildcard-public',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every answer (GET, OPTIONS, any Origin) → ACAO *, no ACAC',
    location: `
      add_header Access-Control-Allow-Origin * always;
      ${OK}`,
  },
  {
    name: 'wildcard-credentials',
    correct: false,
    expect: ['wildcard-with-credentials'],
    live: 'every answer → ACAO * + ACAC true',
    location: `
      add_header Access-Control-Allow-Origin * always;
      add_header Access-Control-Allow-Credentials true always;
      ${OK}`,
  },
  {
    name: 'regex-unanchored',
    correct: false,
    expect: ['prefix-match'],
    live: 'Origin https://app.example.test.evil.example → ACAO echoed + ACAC true; https://evil.example, appxexample.test → no ACAO',
    maps: `map $http_origin $map_unanchored { "~^https://app\\.example\\.test" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_unanchored always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Vary Origin always;
      ${OK}`,
  },
  {
    name: 'regex-unescaped-dot',
    correct: false,
    expect: ['unescaped-dot'],
    live: 'Origin https://appxexample.test → ACAO echoed (no ACAC); app.example.test.evil.example, evil.example → no ACAO',
    maps: `map $http_origin $map_unescaped { "~^https://app.example.test$" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_unescaped always;
      add_header Vary Origin always;
      ${OK}`,
  },
  {
    name: 'regex-suffix',
    correct: false,
    expect: ['suffix-match'],
    live: 'Origin https://evilexample.test → ACAO echoed + ACAC true; https://sub.example.test → echoed; https://evil.example → no ACAO',
    maps: `map $http_origin $map_suffix { "~example\\.test$" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_suffix always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Vary Origin always;
      ${OK}`,
  },
  {
    // Issue 15: a candidate only the broken matcher granted (www, portal, … under the suffix
    // regex) is not trusted; the static default the server names for every other origin is.
    name: 'regex-suffix-default-origin',
    correct: false,
    expect: ['suffix-match'],
    live: 'map default "https://app.example.test", "~example\\.test$" echoes: Origin https://evilexample.test, https://www.example.test → echoed + ACAC true; https://evil.example, null, no Origin → ACAO https://app.example.test (the static default) + ACAC true; Vary: Origin always',
    maps: `map $http_origin $map_suffix_default { default "https://app.example.test"; "~example\\.test$" $http_origin; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_suffix_default always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Vary Origin always;
      ${OK}`,
    verify: trustsExactly(['https://app.example.test']),
  },
  {
    name: 'regex-subdomains',
    correct: false,
    expect: ['any-subdomain'],
    live: 'Origin https://sub.example.test → ACAO echoed (no ACAC); evilexample.test, appxexample.test, evil.example → no ACAO',
    maps: `map $http_origin $map_subdomains { "~^https://([a-z0-9-]+\\.)*example\\.test$" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_subdomains always;
      add_header Vary Origin always;
      ${OK}`,
  },
  {
    name: 'huge-max-age',
    correct: false,
    expect: ['excessive-max-age'],
    live: 'preflight PUT from app → 204 ACAO app, Access-Control-Max-Age: 31536000',
    maps: `map $http_origin $map_max_age { "https://app.example.test" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_max_age always;
      add_header Vary Origin always;
      if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin $map_max_age always;
        add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE" always;
        add_header Access-Control-Allow-Headers "Content-Type, Authorization" always;
        add_header Access-Control-Max-Age 31536000 always;
        add_header Vary Origin always;
        return 204;
      }
      ${OK}`,
  },
  {
    name: 'proxy-and-app',
    correct: false,
    expect: ['multiple-acao'],
    live: "GET Origin app → two lines ACAO https://app.example.test (nginx's add_header and the app's, passed through)",
    maps: `map $http_origin $map_proxy_app { "https://app.example.test" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_proxy_app always;
      add_header Vary Origin always;
      proxy_pass BACKEND;`,
  },
  {
    name: 'proxy-hides-app',
    correct: true,
    expect: [],
    live: "GET Origin app → one ACAO app + Vary: Origin (proxy_hide_header drops the app's); evil → no ACAO",
    maps: `map $http_origin $map_proxy_hide { "https://app.example.test" $http_origin; default ""; }`,
    location: `
      proxy_hide_header Access-Control-Allow-Origin;
      proxy_hide_header Vary;
      add_header Access-Control-Allow-Origin $map_proxy_hide always;
      add_header Vary Origin always;
      proxy_pass BACKEND;`,
  },
  {
    name: 'proxy-passes-app',
    correct: true,
    expect: [],
    live: 'GET Origin app → one ACAO app + Vary: Origin from the app; evil, null, look-alikes → no ACAO',
    location: `proxy_pass BACKEND;`,
  },
  {
    name: 'static-origin',
    correct: true,
    expect: [],
    live: 'every answer (any Origin, none, OPTIONS) → the same ACAO https://app.example.test: static, no Vary needed',
    location: `
      add_header Access-Control-Allow-Origin https://app.example.test always;
      ${OK}`,
  },
  {
    name: 'map-regex-anchored',
    correct: true,
    expect: [],
    live: 'map ~^https://(app|admin)\\.example\\.test$: GET Origin app → ACAO app + ACAC true; app.example.test.evil.example, appxexample.test, sub.example.test, evil → no ACAO; Vary: Origin always',
    maps: `map $http_origin $map_anchored { "~^https://(app|admin)\\.example\\.test$" $http_origin; default ""; }`,
    location: `
      add_header Access-Control-Allow-Origin $map_anchored always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Vary Origin always;
      ${OK}`,
  },
  {
    name: 'public-preflight',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every GET → ACAO *; preflight → 204 ACAO *, ACAM GET, POST, ACAH Content-Type, Max-Age 7200',
    location: `
      add_header Access-Control-Allow-Origin * always;
      if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin * always;
        add_header Access-Control-Allow-Methods "GET, POST" always;
        add_header Access-Control-Allow-Headers "Content-Type" always;
        add_header Access-Control-Max-Age 7200 always;
        return 204;
      }
      ${OK}`,
  },
  {
    // Issue 15: only the preflight grants null. The preflight block's map lists "null" (added for
    // a file:// or sandboxed client), the GET map does not: a sandboxed page on any site passes
    // the preflight with credentials and sends the JSON POST with the victim's cookies.
    name: 'preflight-null-allowlist',
    correct: false,
    expect: ['null-origin'],
    live: 'preflight POST + content-type from null → 204 ACAO null + ACAC true, ACAM GET, POST, PUT, DELETE, Max-Age 600; GET from null → 200 Vary: Origin, no ACAO; GET and preflight from app → ACAO app + ACAC true; from https://evil.example → no ACAO',
    maps: `map $http_origin $map_preflight_null { "https://app.example.test" $http_origin; "null" "null"; default ""; }
  map $http_origin $map_get_no_null { "https://app.example.test" $http_origin; default ""; }`,
    location: credentialedAllowlist('map_get_no_null', 'map_preflight_null'),
    verify: (report) => {
      const finding = report.findings.find((f) => f.ruleId === 'null-origin')!;
      expect(finding.messageId).toBe('nullPreflightAllowed');
      expect(finding.evidence.map((e) => e.request.method)).toEqual(['OPTIONS']);
    },
  },
  {
    // The fixed counterpart: the preflight block answers from the same allowlist as GET.
    name: 'preflight-map-no-null',
    correct: true,
    expect: [],
    live: 'preflight POST + content-type from null or https://evil.example → 204 with ACAC, ACAM, ACAH but no ACAO; GET from null, evil → Vary: Origin only; GET and preflight PUT from app → ACAO app + ACAC true, Max-Age 600',
    maps: `map $http_origin $map_preflight_same { "https://app.example.test" $http_origin; default ""; }`,
    location: credentialedAllowlist('map_preflight_same'),
  },
  {
    name: 'preflight-echo-gateway',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'preflight-inconsistent'],
    live: "preflight PUT from https://evil.example → 204 ACAO https://evil.example + ACAC true (the gateway echoes), while GET from evil → no ACAO (the application's allowlist); preflight POST + content-type from null → 204 ACAO null + ACAC true, GET from null → no ACAO; GET from app → ACAO app without ACAC although its preflight allowed credentials",
    // The gateway answers every preflight itself, echoing the Origin; the application behind it
    // answers the actual requests with its own strict allowlist.
    location: `
      if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin $http_origin always;
        add_header Access-Control-Allow-Credentials true always;
        add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE" always;
        add_header Access-Control-Allow-Headers "Content-Type, Authorization" always;
        return 204;
      }
      proxy_pass BACKEND;`,
  },
];

export const nginx: Stack = {
  name: 'nginx',
  configs: CONFIGS,
  async start(dir) {
    const [port, backend] = [await freePort(), await freePort()];
    const conf = `
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')};
worker_processes 1;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  ${CONFIGS.map((c) => c.maps ?? '').join('\n')}
  server {
    listen 127.0.0.1:${backend};
    # The application behind the proxy: it sets CORS itself for any Origin in its allowlist.
    location / {
      set $app_origin "";
      if ($http_origin = "https://app.example.test") { set $app_origin $http_origin; }
      add_header Access-Control-Allow-Origin $app_origin always;
      add_header Vary Origin always;
      ${OK}
    }
  }
  server {
    listen 127.0.0.1:${port};
    location / { return 404; }
${CONFIGS.map((c) => `    location /${c.name}/ {\n      ${c.location.replaceAll('BACKEND', `http://127.0.0.1:${backend}`)}\n    }`).join('\n')}
  }
}
`;
    const file = writeFile(dir, 'nginx.conf', conf);
    const server = await spawnServer('nginx', ['-p', dir, '-c', file, '-g', 'daemon off;'], { cwd: dir, ports: [port, backend] });
    return { where: (name) => ({ port, prefix: `/${name}/` }), stop: server.stop };
  },
};
