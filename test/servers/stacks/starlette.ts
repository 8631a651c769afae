import { freePort, type ServerConfig, type Stack } from '../harness.js';
import { runPython } from './python.js';

/**
 * Starlette's CORSMiddleware (the one FastAPI re-exports) on uvicorn (Debian python3-starlette,
 * python3-uvicorn). One uvicorn process mounts one Starlette app per configuration under
 * `/<name>`, each wrapped in `CORSMiddleware(**options)` as written in `cors`.
 */

interface StarletteConfig extends ServerConfig {
  /** The keyword arguments of `Middleware(CORSMiddleware, …)`, as Python source. */
  cors: string;
  /** The methods the endpoint itself serves; default GET, POST, PUT, DELETE. */
  methods?: string[];
}

const CONFIGS: StarletteConfig[] = [
  {
    name: 'allow-all',
    correct: false,
    expect: ['wildcard-origin', 'reflected-request-headers', 'missing-vary'],
    live: "GET with Origin → ACAO *; without Origin → no ACAO and no Vary (so * depends on Origin); preflight GET + x-corscan-probe → ACAH x-corscan-probe (allow_headers=['*'] echoes); with a Cookie, Origin evil → ACAO https://evil.example but no ACAC (harmless)",
    cors: 'allow_origins=["*"], allow_methods=["*"], allow_headers=["*"]',
  },
  {
    name: 'all-with-credentials',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'wildcard-with-credentials', 'preflight-inconsistent', 'reflected-request-headers', 'missing-vary'],
    live: 'GET Origin evil WITH a Cookie → ACAO https://evil.example + ACAC true + Vary: Origin (same for null); without a Cookie → ACAO * + ACAC true, which browsers refuse for credentialed requests, while the preflight from app grants app + ACAC true; preflight from evil → echoed + ACAC true; preflight GET + x-corscan-probe → ACAH x-corscan-probe; no Vary without a Cookie',
    cors: 'allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"]',
  },
  {
    name: 'origins-list',
    correct: false,
    expect: ['missing-vary'],
    live: 'GET Origin app → ACAO app + ACAC true + Vary: Origin; evil, null, look-alikes → no ACAO; preflight PUT with authorization, content-type from app → 200 with fixed lists, Max-Age 600; x-corscan-probe → 400 (a strict list); refused origins (and requests without Origin) get no ACAO and no Vary: Origin, so a cache can serve them to the front end (Fetch, CORS protocol and HTTP caches)',
    cors: 'allow_origins=["https://app.example.test", "https://admin.example.test"], allow_credentials=True, allow_methods=["GET", "POST", "PUT", "DELETE"], allow_headers=["Content-Type", "Authorization"], max_age=600',
  },
  {
    name: 'regex-unescaped',
    correct: false,
    expect: ['suffix-match', 'preflight-failure', 'missing-vary'],
    live: 'fullmatch of https://.*.example.test: GET Origin https://evilexample.test, https://appxexample.test, https://sub.example.test → echoed + ACAC true; preflight PUT from app → 400 (allow_methods defaults to GET while the route serves PUT); refused origins (and requests without Origin) get no ACAO and no Vary: Origin, so a cache can serve them to the front end (Fetch, CORS protocol and HTTP caches)',
    cors: 'allow_origin_regex=r"https://.*.example.test", allow_credentials=True',
  },
  {
    name: 'regex-escaped',
    correct: false,
    expect: ['missing-vary'],
    live: 'GET Origin app → ACAO app + ACAC true + Vary: Origin; evil, app.example.test.evil.example, sub.example.test → no ACAO; preflight PUT with authorization, content-type → 200; refused origins (and requests without Origin) get no ACAO and no Vary: Origin, so a cache can serve them to the front end (Fetch, CORS protocol and HTTP caches)',
    cors: 'allow_origin_regex=r"https://(app|admin)\\.example\\.test", allow_credentials=True, allow_methods=["GET", "POST", "PUT", "DELETE"], allow_headers=["Content-Type", "Authorization"]',
  },
  {
    name: 'public-get',
    correct: false,
    expect: ['wildcard-origin', 'missing-vary'],
    live: 'GET-only route; GET with Origin → ACAO *, without Origin → no ACAO and no Vary; preflights → ACAM GET',
    cors: 'allow_origins=["*"], allow_methods=["GET"]',
    methods: ['GET'],
  },
];

const APP = `
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

async def me(request):
    return JSONResponse({"ok": True})

def make(methods, options):
    return Starlette(routes=[Route("/api/me", me, methods=methods)], middleware=[Middleware(CORSMiddleware, **options)])

CONFIGS = {
${CONFIGS.map((c) => `    ${JSON.stringify(c.name)}: (${JSON.stringify(c.methods ?? ['GET', 'POST', 'PUT', 'DELETE'])}, dict(${c.cors})),`).join('\n')}
}
app = Starlette(routes=[Mount(f"/{name}", app=make(methods, options)) for name, (methods, options) in CONFIGS.items()])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
`;

export const starlette: Stack = {
  name: 'starlette',
  configs: CONFIGS,
  async start(dir) {
    const port = await freePort();
    const server = await runPython(dir, 'starlette_app', APP, [String(port)], [port]);
    return { where: (name) => ({ port, prefix: `/${name}/` }), stop: server.stop };
  },
};
