import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRONTEND, freePort, spawnServer, writeFile, type ServerConfig, type Stack } from '../harness.js';

/**
 * Apache httpd (Debian apache2) with mod_headers, mod_setenvif and mod_rewrite, run in the
 * foreground from its own ServerRoot. Every configuration is a `<Location /<name>/>` over a
 * static JSON file at `<name>/api/me`; OPTIONS on a static file is answered by httpd's core
 * (200 with `Allow`) unless the configuration rewrites it.
 */

interface ApacheConfig extends ServerConfig {
  /** The body of `<Location /<name>/> … </Location>`. */
  location: string;
  /** Server-level lines (SetEnvIf, rewrite rules) this configuration needs. */
  server?: string;
}

const CONFIGS: ApacheConfig[] = [
  {
    name: 'setenvif-allowlist',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app, ACAC true, Vary: Origin; evil, null, appxexample.test, evilexample.test → Vary only; preflight PUT from app → 204 (RewriteRule R=204) with ACAM/ACAH, Max-Age 600; 404 under the target keeps ACAO (always)',
    server: `SetEnvIf Origin "^https://app\\.example\\.test$" ALLOWLIST_ORIGIN=$0
RewriteCond %{REQUEST_METHOD} OPTIONS
RewriteRule ^/setenvif-allowlist/ - [R=204,L]`,
    location: `  Header always set Access-Control-Allow-Origin "%{ALLOWLIST_ORIGIN}e" env=ALLOWLIST_ORIGIN
  Header always set Access-Control-Allow-Credentials "true" env=ALLOWLIST_ORIGIN
  Header always set Access-Control-Allow-Methods "GET, POST, PUT, DELETE" env=ALLOWLIST_ORIGIN
  Header always set Access-Control-Allow-Headers "Content-Type, Authorization" env=ALLOWLIST_ORIGIN
  Header always set Access-Control-Max-Age "600" env=ALLOWLIST_ORIGIN
  Header always merge Vary Origin`,
  },
  {
    name: 'expr-echo-origin',
    correct: false,
    expect: ['origin-reflection', 'null-origin', 'missing-vary'],
    live: 'GET Origin https://evil.example → ACAO https://evil.example + ACAC true; Origin null → ACAO null; no Vary; without Origin → an empty ACAO, which no CORS check ever sees',
    location: `  Header always set Access-Control-Allow-Origin "expr=%{req:Origin}"
  Header always set Access-Control-Allow-Credentials "true"`,
  },
  {
    name: 'setenvif-literal-pattern',
    correct: false,
    expect: ['invalid-acao'],
    live: 'GET Origin app (and app.example.test.evil.example) → ACAO: $0 (literal) + ACAC true: the front end itself is refused by browsers',
    // mod_setenvif matches a pattern without regex syntax as a plain substring and then does
    // not substitute $0: the header carries the two characters "$0".
    server: `SetEnvIf Origin "https://app\\.example\\.test" LITERAL_ORIGIN=$0`,
    location: `  Header always set Access-Control-Allow-Origin "%{LITERAL_ORIGIN}e" env=LITERAL_ORIGIN
  Header always set Access-Control-Allow-Credentials "true" env=LITERAL_ORIGIN
  Header always merge Vary Origin`,
  },
  {
    name: 'setenvif-no-end-anchor',
    correct: false,
    expect: [],
    live: 'GET Origin https://app.example.test.evil.example → ACAO https://app.example.test ($0 is the matched part, not the Origin): the attacker is not granted; app → ACAO app + ACAC true',
    server: `SetEnvIf Origin "^https://app\\.example\\.test" NOEND_ORIGIN=$0`,
    location: `  Header always set Access-Control-Allow-Origin "%{NOEND_ORIGIN}e" env=NOEND_ORIGIN
  Header always set Access-Control-Allow-Credentials "true" env=NOEND_ORIGIN
  Header always merge Vary Origin`,
  },
  {
    name: 'setenvif-origin-group',
    correct: false,
    expect: ['any-subdomain'],
    live: 'GET Origin https://sub.example.test → ACAO echoed; https://examplextest also echoed (one label, nobody can register it); evil.example, evilexample.test → no ACAO',
    server: `SetEnvIf Origin "^http(s)?://(.+\\.)?(example.test|partner.test)$" GROUP_ORIGIN=$0`,
    location: `  Header always set Access-Control-Allow-Origin "%{GROUP_ORIGIN}e" env=GROUP_ORIGIN
  Header always merge Vary Origin`,
  },
  {
    name: 'set-without-always',
    correct: false,
    expect: ['cors-on-error-only'],
    live: 'GET Origin app → 200 ACAO app; GET <target>/corscan-404 Origin app → 404 without ACAO or Vary (Header set without always)',
    server: `SetEnvIf Origin "^https://app\\.example\\.test$" NOALWAYS_ORIGIN=$0`,
    location: `  Header set Access-Control-Allow-Origin "%{NOALWAYS_ORIGIN}e" env=NOALWAYS_ORIGIN
  Header merge Vary Origin`,
  },
  {
    name: 'no-vary',
    correct: false,
    expect: ['missing-vary'],
    live: 'GET Origin app → ACAO app; evil → no ACAO; no Vary on any answer',
    server: `SetEnvIf Origin "^https://app\\.example\\.test$" NOVARY_ORIGIN=$0`,
    location: `  Header always set Access-Control-Allow-Origin "%{NOVARY_ORIGIN}e" env=NOVARY_ORIGIN`,
  },
  {
    name: 'wildcard-credentials',
    correct: false,
    expect: ['wildcard-with-credentials'],
    live: 'every answer → ACAO * + ACAC true',
    location: `  Header always set Access-Control-Allow-Origin "*"
  Header always set Access-Control-Allow-Credentials "true"`,
  },
  {
    name: 'wildcard-public',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'every answer → ACAO *',
    location: `  Header always set Access-Control-Allow-Origin "*"`,
  },
  {
    name: 'header-add-twice',
    correct: false,
    expect: ['multiple-acao'],
    live: 'GET Origin app → two lines ACAO https://app.example.test (Header add in <Directory> and in <Location>)',
    server: `SetEnvIf Origin "^https://app\\.example\\.test$" TWICE_ORIGIN=$0
<Directory DOCROOT/header-add-twice>
  Header always add Access-Control-Allow-Origin "%{TWICE_ORIGIN}e" env=TWICE_ORIGIN
</Directory>`,
    location: `  Header always add Access-Control-Allow-Origin "%{TWICE_ORIGIN}e" env=TWICE_ORIGIN
  Header always merge Vary Origin`,
  },
  {
    name: 'static-origin',
    correct: true,
    expect: [],
    live: 'every answer (any Origin, no Origin, 404) → ACAO https://app.example.test, the same static value, no Vary needed',
    location: `  Header always set Access-Control-Allow-Origin "${FRONTEND}"`,
  },
  {
    name: 'setenvif-anchored-group',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app + ACAC true; app.example.test.evil.example, appxexample.test, sub.example.test, evil, null → no ACAO; Vary: Origin on every answer, 404s included',
    server: `SetEnvIf Origin "^https://(app|admin)\\.example\\.test$" GROUP_ANCHORED_ORIGIN=$0`,
    location: `  Header always set Access-Control-Allow-Origin "%{GROUP_ANCHORED_ORIGIN}e" env=GROUP_ANCHORED_ORIGIN
  Header always set Access-Control-Allow-Credentials "true" env=GROUP_ANCHORED_ORIGIN
  Header always merge Vary Origin`,
  },
];

export const apache: Stack = {
  name: 'apache',
  configs: CONFIGS,
  async start(dir) {
    const port = await freePort();
    const docroot = join(dir, 'htdocs');
    for (const config of CONFIGS) {
      mkdirSync(join(docroot, config.name, 'api'), { recursive: true });
      writeFileSync(join(docroot, config.name, 'api', 'me'), '{"ok":true}\n');
    }
    // httpd drops root for its workers: they must be able to read the document root.
    for (const path of [dir, docroot]) chmodSync(path, 0o755);
    const modules = ['mpm_event', 'authz_core', 'headers', 'setenvif', 'rewrite'];
    const conf = `
ServerRoot ${dir}
ServerName ${'api.example.test'}
Listen 127.0.0.1:${port}
PidFile ${join(dir, 'httpd.pid')}
ErrorLog ${join(dir, 'error.log')}
${process.getuid?.() === 0 ? 'User www-data\nGroup www-data' : ''}
${modules.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n')}
DocumentRoot ${docroot}
<Directory ${docroot}>
  Require all granted
</Directory>
RewriteEngine On
${CONFIGS.map((c) => (c.server ?? '').replaceAll('DOCROOT', docroot)).join('\n')}
${CONFIGS.map((c) => `<Location /${c.name}/>\n${c.location}\n</Location>`).join('\n')}
`;
    const file = writeFile(dir, 'httpd.conf', conf);
    const server = await spawnServer('apache2', ['-f', file, '-DFOREGROUND'], { cwd: dir, ports: [port], env: { APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir } });
    return { where: (name) => ({ port, prefix: `/${name}/` }), stop: server.stop };
  },
};
