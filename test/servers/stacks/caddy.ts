import { freePort, spawnServer, writeFile, type ServerConfig, type Stack } from '../harness.js';

/**
 * Caddy 2 (Debian caddy) from a Caddyfile, admin endpoint and automatic HTTPS off. Every
 * configuration is a `handle /<name>/*` block of one http site; a second site on another
 * port plays the application behind `reverse_proxy`.
 */

interface CaddyConfig extends ServerConfig {
  /** The body of `handle /<name>/* { … }`; BACKEND is replaced by the application's address. */
  handle: string;
}

const OK = `respond \`{"ok":true}\` 200`;

const CONFIGS: CaddyConfig[] = [
  {
    name: 'matcher-allowlist',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app, ACAC true, Vary: Origin; evil, null, look-alikes → Vary only; preflight PUT from app → 204 with ACAM/ACAH, Max-Age 600; from evil → 200 without ACAO',
    handle: `
    @allowed header Origin https://app.example.test
    header Vary Origin
    header @allowed Access-Control-Allow-Origin {http.request.header.Origin}
    header @allowed Access-Control-Allow-Credentials true
    @preflight {
      method OPTIONS
      header Origin https://app.example.test
    }
    handle @preflight {
      header Access-Control-Allow-Methods "GET, POST, PUT, DELETE"
      header Access-Control-Allow-Headers "Content-Type, Authorization"
      header Access-Control-Max-Age 600
      respond 204
    }
    ${OK}`,
  },
  {
    name: 'echo-origin',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'missing-vary'],
    live: 'GET Origin https://evil.example → ACAO https://evil.example + ACAC true; Origin null → ACAO null; no Vary; without Origin → an empty ACAO, which no CORS check ever sees',
    handle: `
    header Access-Control-Allow-Origin {http.request.header.Origin}
    header Access-Control-Allow-Credentials true
    header Access-Control-Allow-Methods "GET, POST, PUT, DELETE"
    @options method OPTIONS
    respond @options 204
    ${OK}`,
  },
  {
    name: 'wildcard-public',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every answer → ACAO *',
    handle: `
    header Access-Control-Allow-Origin *
    ${OK}`,
  },
  {
    name: 'regexp-unanchored',
    correct: false,
    expect: ['prefix-match'],
    live: 'GET Origin https://app.example.test.evil.example → ACAO echoed + ACAC true; evil.example, appxexample.test → no ACAO',
    handle: `
    @allowed header_regexp Origin https://app\\.example\\.test
    header Vary Origin
    header @allowed Access-Control-Allow-Origin {http.request.header.Origin}
    header @allowed Access-Control-Allow-Credentials true
    ${OK}`,
  },
  {
    name: 'regexp-subdomains',
    correct: false,
    expect: ['any-subdomain'],
    live: 'GET Origin https://sub.example.test → ACAO echoed (\\w+ takes letters and digits, not a hyphen); evil.example, evilexample.test → no ACAO',
    handle: `
    @allowed header_regexp Origin ^https://\\w+\\.example\\.test$
    header Vary Origin
    header @allowed Access-Control-Allow-Origin {http.request.header.Origin}
    ${OK}`,
  },
  {
    name: 'errors-keep-headers',
    correct: true,
    expect: [],
    live: 'GET <target>/corscan-404 Origin app → 404 (error + handle_errors) still with ACAO app and Vary: Origin: Caddy keeps the headers the header directive set',
    handle: `
    @allowed header Origin https://app.example.test
    header Vary Origin
    header @allowed Access-Control-Allow-Origin {http.request.header.Origin}
    route {
      respond /errors-keep-headers/api/me \`{"ok":true}\` 200
      error "no such resource" 404
    }`,
  },
  {
    name: 'proxy-adds-too',
    correct: false,
    expect: ['multiple-acao'],
    live: "GET Origin app → two lines ACAO https://app.example.test (header +Access-Control-Allow-Origin and the application's)",
    handle: `
    @allowed header Origin https://app.example.test
    header @allowed +Access-Control-Allow-Origin {http.request.header.Origin}
    reverse_proxy BACKEND`,
  },
  {
    name: 'proxy-replaces',
    correct: true,
    expect: [],
    live: "GET Origin app → one ACAO app + one Vary: Origin (header_down drops the application's); evil → no ACAO",
    handle: `
    @allowed header Origin https://app.example.test
    header Vary Origin
    header @allowed Access-Control-Allow-Origin {http.request.header.Origin}
    reverse_proxy BACKEND {
      header_down -Access-Control-Allow-Origin
      header_down -Vary
    }`,
  },
  {
    name: 'huge-max-age',
    correct: false,
    expect: ['excessive-max-age'],
    live: 'preflight PUT from app → 204 ACAO app, Access-Control-Max-Age: 864000',
    handle: `
    @allowed header Origin https://app.example.test
    header Vary Origin
    header @allowed Access-Control-Allow-Origin {http.request.header.Origin}
    @preflight {
      method OPTIONS
      header Origin https://app.example.test
    }
    handle @preflight {
      header Access-Control-Allow-Methods "GET, POST, PUT, DELETE"
      header Access-Control-Max-Age 864000
      respond 204
    }
    ${OK}`,
  },
  {
    name: 'static-origin',
    correct: true,
    expect: [],
    live: 'every answer (any Origin or none) → the same ACAO https://app.example.test',
    handle: `
    header Access-Control-Allow-Origin https://app.example.test
    ${OK}`,
  },
  {
    name: 'matcher-two-origins',
    correct: true,
    expect: [],
    live: 'GET Origin app or admin → echoed + ACAC true; evil, null, appxexample.test → no ACAO; Vary: Origin on every answer',
    handle: `
    @allowed {
      header Origin https://app.example.test
      header Origin https://admin.example.test
    }
    header Vary Origin
    header @allowed Access-Control-Allow-Origin {http.request.header.Origin}
    header @allowed Access-Control-Allow-Credentials true
    ${OK}`,
  },
];

export const caddy: Stack = {
  name: 'caddy',
  configs: CONFIGS,
  async start(dir) {
    const [port, backend] = [await freePort(), await freePort()];
    const caddyfile = `{
  admin off
  auto_https off
  storage file_system ${dir}/data
}
http://:${backend} {
  # The application behind the proxy: it sets CORS itself for its front end.
  @allowed header Origin https://app.example.test
  header Vary Origin
  header @allowed Access-Control-Allow-Origin {http.request.header.Origin}
  ${OK}
}
http://:${port} {
${CONFIGS.map((c) => `  handle /${c.name}/* {${c.handle.replaceAll('BACKEND', `127.0.0.1:${backend}`)}\n  }`).join('\n')}
  respond 404
  # Errors get their own short answer, as in Caddy's docs; the headers set before are dropped.
  handle_errors {
    respond "{err.status_code} {err.message}"
  }
}
`;
    const file = writeFile(dir, 'Caddyfile', caddyfile);
    const env = { HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir };
    const server = await spawnServer('caddy', ['run', '--config', file, '--adapter', 'caddyfile'], { cwd: dir, ports: [port, backend], env });
    return { where: (name) => ({ port, prefix: `/${name}/` }), stop: server.stop };
  },
};
