import { freePort, type ServerConfig, type Stack } from '../harness.js';
import { runPython } from './python.js';

/**
 * Flask with Flask-CORS (Debian python3-flask-cors). One process mounts one Flask app per
 * configuration under `/<name>` (werkzeug's DispatcherMiddleware); each app calls
 * `CORS(app, **options)` exactly as written in `cors`, a Python expression.
 */

interface FlaskConfig extends ServerConfig {
  /** The keyword arguments of `CORS(app, …)`, as Python source. */
  cors: string;
}

const CONFIGS: FlaskConfig[] = [
  {
    name: 'default',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'reflected-request-headers', 'missing-vary'],
    live: "CORS(app): GET Origin https://evil.example → ACAO https://evil.example + Vary: Origin (no ACAC); Origin null → ACAO null; preflight GET + x-corscan-probe from app → ACAH x-corscan-probe (allow_headers='*' echoes); without Origin → ACAO * and no Vary (no CORS check sees that *, but a cache can serve it to pages)",
    cors: '',
  },
  {
    name: 'supports-credentials',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'reflected-request-headers', 'missing-vary'],
    live: 'GET Origin https://evil.example → ACAO echoed + ACAC true + Vary: Origin; Origin null → ACAO null + ACAC true; preflight GET + x-corscan-probe → ACAH x-corscan-probe; without Origin → no ACAO and no Vary, so a cache can serve that answer to the front end',
    cors: 'supports_credentials=True',
  },
  {
    name: 'origins-list',
    correct: false,
    expect: ['missing-vary'],
    live: 'GET Origin app → ACAO app, ACAC true, Vary: Origin; preflight PUT from app → ACAH authorization, content-type, Max-Age 600; x-corscan-probe → not allowed; refused origins get neither ACAO nor Vary: Origin (Flask-CORS adds Vary only to grants), so a cache can serve a refusal to the front end',
    cors: `origins=["https://app.example.test", "https://admin.example.test"], supports_credentials=True, allow_headers=["Content-Type", "Authorization"], max_age=600`,
  },
  {
    name: 'single-origin',
    correct: false,
    expect: ['missing-vary', 'reflected-request-headers'],
    live: 'GET Origin app (and no Origin) → ACAO app + ACAC true, Origin evil → no ACAO, no Vary: Origin on any answer; preflight GET + x-corscan-probe → ACAH x-corscan-probe (default allow_headers echoes)',
    // Flask-CORS adds Vary: Origin only for a list of two or more origins or a regex.
    cors: `origins="https://app.example.test", supports_credentials=True`,
  },
  {
    name: 'regex-unanchored',
    correct: false,
    expect: ['substring-match', 'any-subdomain', 'reflected-request-headers', 'missing-vary'],
    live: 're.match without $: GET Origin https://app.example.test.evil.example → ACAO echoed + ACAC true; https://sub.example.test → echoed; preflight GET + x-corscan-probe → ACAH x-corscan-probe; refused origins get neither ACAO nor Vary: Origin (Flask-CORS adds Vary only to grants), so a cache can serve a refusal to the front end',
    cors: `origins=[r"https://.*\\.example\\.test"], supports_credentials=True`,
  },
  {
    name: 'regex-anchored',
    correct: false,
    expect: ['missing-vary'],
    live: 'GET Origin app → ACAO app + Vary: Origin; app.example.test.evil.example, sub.example.test, evil → no ACAO; preflight x-corscan-probe → not in ACAH; refused origins get neither ACAO nor Vary: Origin (Flask-CORS adds Vary only to grants), so a cache can serve a refusal to the front end',
    cors: `origins=[r"^https://(app|admin)\\.example\\.test$"], allow_headers=["Content-Type", "Authorization"]`,
  },
  {
    name: 'public-fixed-headers',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every GET → ACAO * (static, any Origin or none); preflight GET + x-corscan-probe → ACAM GET, no ACAH: nothing echoed',
    cors: 'send_wildcard=True, allow_headers=["Content-Type"], methods=["GET"]',
  },
  {
    name: 'send-wildcard',
    correct: false,
    expect: ['wildcard-origin', 'reflected-request-headers'],
    live: 'every GET → ACAO *; preflight GET + x-corscan-probe → ACAO *, ACAH x-corscan-probe (echoed)',
    cors: 'send_wildcard=True',
  },
];

const APP = `
import sys
from flask import Flask, jsonify
from flask_cors import CORS
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple

def make(options):
    app = Flask(__name__)
    CORS(app, **options)
    @app.route("/", defaults={"path": ""}, methods=["GET", "POST", "PUT", "DELETE"])
    @app.route("/<path:path>", methods=["GET", "POST", "PUT", "DELETE"])
    def handler(path):
        if path != "api/me":
            return jsonify(error="not found"), 404
        return jsonify(ok=True)
    return app

CONFIGS = {
${CONFIGS.map((c) => `    ${JSON.stringify(c.name)}: dict(${c.cors}),`).join('\n')}
}
root = Flask("root")
app = DispatcherMiddleware(root, {f"/{name}": make(options) for name, options in CONFIGS.items()})
run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
`;

export const flask: Stack = {
  name: 'flask',
  configs: CONFIGS,
  async start(dir) {
    const port = await freePort();
    const server = await runPython(dir, 'flask_app', APP, [String(port)], [port]);
    return { where: (name) => ({ port, prefix: `/${name}/` }), stop: server.stop };
  },
};
