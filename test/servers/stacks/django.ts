import { FRONTEND, freePort, trustsExactly, type ServerConfig, type Stack } from '../harness.js';
import { runPython } from './python.js';

/**
 * Django with django-cors-headers (Debian python3-django-cors-headers). Its settings are
 * process-wide, so each configuration is its own process (Django's threaded development
 * server, no autoreload) with `CorsMiddleware` first and the CORS_* settings in `settings`.
 */

interface DjangoConfig extends ServerConfig {
  /** CORS_* settings as Python keyword arguments of `settings.configure(…)`. */
  settings: string;
}

const CONFIGS: DjangoConfig[] = [
  {
    name: 'allow-all',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'GET with any Origin → ACAO * (Vary: Origin on every answer, also without Origin); preflight → fixed ACAH list, Max-Age 600',
    settings: 'CORS_ALLOW_ALL_ORIGINS=True, CORS_PREFLIGHT_MAX_AGE=600',
  },
  {
    name: 'allow-all-credentials',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'excessive-max-age'],
    live: 'GET Origin https://evil.example → ACAO echoed + ACAC true; Origin null → ACAO null + ACAC true; preflight → Access-Control-Max-Age: 86400 (the default)',
    settings: 'CORS_ALLOW_ALL_ORIGINS=True, CORS_ALLOW_CREDENTIALS=True',
  },
  {
    name: 'allowed-origins',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app + ACAC true, Vary: Origin on every answer; evil, null, look-alikes, localhost:3000 → no ACAO; preflight PUT from app → fixed ACAH/ACAM lists, Max-Age 600',
    settings: 'CORS_ALLOWED_ORIGINS=["https://app.example.test", "https://admin.example.test"], CORS_ALLOW_CREDENTIALS=True, CORS_PREFLIGHT_MAX_AGE=600',
  },
  {
    name: 'regex-no-end-anchor',
    correct: false,
    expect: ['substring-match', 'any-subdomain', 'excessive-max-age'],
    live: 're.match without $: GET Origin https://app.example.test.evil.example → ACAO echoed + ACAC true; https://sub.example.test → echoed; evil.example → no ACAO; preflight Max-Age 86400',
    settings: 'CORS_ALLOWED_ORIGIN_REGEXES=[r"^https://\\w+\\.example\\.test"], CORS_ALLOW_CREDENTIALS=True',
  },
  {
    // Issue 15: with the front end declared, the candidates the unanchored regex also grants
    // (www, portal, … of example.test) are not learned as trusted, and no fix names them.
    name: 'regex-no-end-anchor-declared',
    correct: false,
    trusted: [FRONTEND],
    expect: ['substring-match', 'any-subdomain', 'excessive-max-age'],
    live: 're.match without $, front end declared: GET Origin https://app.example.test → ACAO app + ACAC true; https://www.example.test, https://portal.example.test → echoed + ACAC true; https://app.example.test.evil.example → echoed; evil.example → no ACAO; preflight Max-Age 86400',
    settings: 'CORS_ALLOWED_ORIGIN_REGEXES=[r"^https://\\w+\\.example\\.test"], CORS_ALLOW_CREDENTIALS=True',
    verify: trustsExactly([FRONTEND]),
  },
  {
    name: 'regex-anchored',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app + ACAC true; app.example.test.evil.example, sub.example.test, evil → no ACAO; Vary: Origin always; preflight Max-Age 7200',
    settings: 'CORS_ALLOWED_ORIGIN_REGEXES=[r"^https://(app|admin)\\.example\\.test$"], CORS_ALLOW_CREDENTIALS=True, CORS_PREFLIGHT_MAX_AGE=7200',
  },
  {
    name: 'single-origin',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app; evil, null, look-alikes → no ACAO; Vary: Origin on every answer; preflight Max-Age 600',
    settings: 'CORS_ALLOWED_ORIGINS=["https://app.example.test"], CORS_PREFLIGHT_MAX_AGE=600',
  },
  {
    name: 'thirty-day-max-age',
    correct: false,
    expect: ['excessive-max-age'],
    live: 'preflight PUT from app → ACAO app, Access-Control-Max-Age: 2592000',
    settings: 'CORS_ALLOWED_ORIGINS=["https://app.example.test"], CORS_PREFLIGHT_MAX_AGE=86400 * 30',
  },
  {
    name: 'localhost-dev-origins',
    correct: false,
    expect: ['localhost-origin', 'excessive-max-age'],
    live: 'GET Origin http://localhost:3000 → ACAO http://localhost:3000 + ACAC true; evil → no ACAO; preflight Max-Age 86400',
    settings: 'CORS_ALLOWED_ORIGINS=["https://app.example.test", "http://localhost:3000", "http://127.0.0.1:3000"], CORS_ALLOW_CREDENTIALS=True',
  },
  {
    // Only the 127.0.0.1 form of a dev-server origin (the django-cors-headers docs list
    // "http://127.0.0.1:9000" beside "http://localhost:8080"): the 127.0.0.1 dev ports must be
    // probed even when every localhost one is refused.
    name: 'loopback-ip-dev-origin',
    correct: false,
    expect: ['localhost-origin'],
    live: 'GET Origin http://127.0.0.1:5173 → ACAO http://127.0.0.1:5173 + ACAC true + Vary: Origin; http://localhost:5173, http://localhost:3000, evil, null → Vary: Origin + ACAC true but no ACAO; preflight PUT from app → 200 ACAO app, Max-Age 600',
    settings: 'CORS_ALLOWED_ORIGINS=["https://app.example.test", "http://127.0.0.1:5173"], CORS_ALLOW_CREDENTIALS=True, CORS_PREFLIGHT_MAX_AGE=600',
  },
];

// Django's settings are process-wide: the parent imports Django once, then forks one child per
// configuration that configures its own settings and serves its own port. Children die with
// the parent (PR_SET_PDEATHSIG), and the parent stops them on SIGTERM.
const APP = `
import ctypes, os, signal, sys
import django
from django.conf import settings
from django.core.management import call_command
import django.core.management.commands.runserver

CONFIGS = [
${CONFIGS.map((c) => `    (${JSON.stringify(c.name)}, dict(${c.settings})),`).join('\n')}
]

def serve(name, cors, port):
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        SECRET_KEY="corscan-test-only",
        INSTALLED_APPS=["corsheaders"],
        MIDDLEWARE=["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"],
        **cors,
    )
    django.setup()
    from django.http import JsonResponse
    from django.urls import path
    global urlpatterns
    urlpatterns = [path(f"{name}/api/me", lambda request: JsonResponse({"ok": True}))]
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, verbosity=0)

children = []
for (name, cors), port in zip(CONFIGS, sys.argv[1:]):
    pid = os.fork()
    if pid == 0:
        serve(name, cors, port)
        os._exit(0)
    children.append(pid)

def stop(*_):
    for pid in children:
        os.kill(pid, signal.SIGTERM)
    for pid in children:
        os.waitpid(pid, 0)
    sys.exit(0)

signal.signal(signal.SIGTERM, stop)
for pid in children:
    os.waitpid(pid, 0)
`;

export const django: Stack = {
  name: 'django',
  configs: CONFIGS,
  async start(dir) {
    const ports = await Promise.all(CONFIGS.map(() => freePort()));
    const server = await runPython(dir, 'django_apps', APP, ports.map(String), ports);
    return { where: (name) => ({ port: ports[CONFIGS.findIndex((c) => c.name === name)]!, prefix: `/${name}/` }), stop: server.stop };
  },
};
