import { freePort, type ServerConfig, type Stack } from '../harness.js';
import { runPython } from './python.js';

/**
 * aiohttp with aiohttp-cors (Debian python3-aiohttp-cors). One process; each configuration is
 * a sub-application mounted at `/<name>/` with its own `aiohttp_cors.setup(…)` and its routes
 * added to it, the way the aiohttp-cors README does it. `defaults` is the Python dict of
 * origin → ResourceOptions.
 */

interface AiohttpConfig extends ServerConfig {
  /** The `defaults=` dict of `aiohttp_cors.setup`, as Python source. */
  defaults: string;
}

const CONFIGS: AiohttpConfig[] = [
  {
    name: 'readme-star',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'reflected-request-headers', 'missing-vary', 'cors-on-error-only'],
    live: "the README's {'*': ResourceOptions(allow_credentials=True, expose_headers='*', allow_headers='*')}: GET Origin evil → ACAO echoed + ACAC true, null → ACAO null; no Vary anywhere; preflight GET + x-corscan-probe → ACAH X-CORSCAN-PROBE; GET <target>/corscan-404 from app → 404 without CORS",
    defaults: `{"*": aiohttp_cors.ResourceOptions(allow_credentials=True, expose_headers="*", allow_headers="*")}`,
  },
  {
    name: 'star-no-credentials',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'missing-vary', 'cors-on-error-only', 'preflight-failure'],
    live: 'GET Origin evil → ACAO https://evil.example (no ACAC), null → ACAO null; no Vary; GET <target>/corscan-404 from app → 404 without CORS; preflight GET or PUT with authorization → 403 (allow_headers is Content-Type only)',
    defaults: `{"*": aiohttp_cors.ResourceOptions(allow_headers=("Content-Type",))}`,
  },
  {
    name: 'origin-allowlist',
    correct: false,
    expect: ['missing-vary', 'cors-on-error-only'],
    live: 'GET Origin app → ACAO app + ACAC true, no Vary; evil, null → no ACAO; preflight PUT with authorization, content-type → 200, Max-Age 600; x-corscan-probe → 403; GET <target>/corscan-404 from app → 404 without CORS',
    defaults: `{
        "https://app.example.test": aiohttp_cors.ResourceOptions(allow_credentials=True, allow_headers=("Content-Type", "Authorization"), allow_methods=("GET", "POST", "PUT", "DELETE"), max_age=600),
        "https://admin.example.test": aiohttp_cors.ResourceOptions(allow_credentials=True, allow_headers=("Content-Type", "Authorization"), allow_methods=("GET", "POST", "PUT", "DELETE"), max_age=600),
    }`,
  },
  {
    name: 'expose-all',
    correct: false,
    expect: ['missing-vary', 'cors-on-error-only', 'preflight-failure'],
    live: "expose_headers='*' is expanded to the response's own headers (Date,Content-Length,Server), never a literal *; GET Origin app → ACAO app + ACAC true, no Vary; GET <target>/corscan-404 → 404 without CORS; preflight GET or PUT with authorization → 403 (allow_headers is Content-Type only)",
    defaults: `{"https://app.example.test": aiohttp_cors.ResourceOptions(allow_credentials=True, expose_headers="*", allow_headers=("Content-Type",))}`,
  },
  {
    name: 'allow-headers-star',
    correct: false,
    expect: ['reflected-request-headers', 'reflected-request-method', 'missing-vary', 'cors-on-error-only'],
    live: 'preflight from app with method CORSCAN → ACAM CORSCAN; GET + x-corscan-probe → ACAH X-CORSCAN-PROBE; GET Origin app → ACAO app, no Vary; GET <target>/corscan-404 → 404 without CORS',
    defaults: `{"https://app.example.test": aiohttp_cors.ResourceOptions(allow_credentials=True, allow_headers="*", allow_methods="*")}`,
  },
];

const APP = `
import sys
import aiohttp_cors
from aiohttp import web

async def me(request):
    return web.json_response({"ok": True})

def make(defaults):
    sub = web.Application()
    cors = aiohttp_cors.setup(sub, defaults=defaults)
    resource = cors.add(sub.router.add_resource("/api/me"))
    for method in ("GET", "POST", "PUT", "DELETE"):
        cors.add(resource.add_route(method, me))
    return sub

CONFIGS = {
${CONFIGS.map((c) => `    ${JSON.stringify(c.name)}: ${c.defaults},`).join('\n')}
}
app = web.Application()
for name, defaults in CONFIGS.items():
    app.add_subapp(f"/{name}/", make(defaults))
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
`;

export const aiohttp: Stack = {
  name: 'aiohttp',
  configs: CONFIGS,
  async start(dir) {
    const port = await freePort();
    const server = await runPython(dir, 'aiohttp_app', APP, [String(port)], [port]);
    return { where: (name) => ({ port, prefix: `/${name}/` }), stop: server.stop };
  },
};
