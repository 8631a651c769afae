import { freePort, spawnServer, writeFile, type ServerConfig, type Stack } from '../harness.js';

/**
 * Rack::Cors (Debian ruby-rack-cors) on WEBrick (ruby-webrick). One Ruby process; each
 * configuration is `map "/<name>"` with its own `use Rack::Cors do … end` block, written in
 * `allow` exactly as the rack-cors README writes it.
 */

interface RackConfig extends ServerConfig {
  /** The body of `allow do … end`, Ruby source. */
  allow: string;
}

const CONFIGS: RackConfig[] = [
  {
    name: 'readme-public',
    correct: false,
    expect: ['wildcard-origin', 'reflected-request-headers'],
    live: 'GET with any Origin → ACAO *, Vary: Origin; preflight GET + x-corscan-probe → ACAH x-corscan-probe (headers: :any echoes)',
    allow: `origins '*'
      resource '*', headers: :any, methods: [:get, :post, :put, :patch, :delete, :options, :head]`,
  },
  {
    name: 'public-fixed-headers',
    correct: true,
    expect: ['wildcard-origin'],
    live: 'GET with any Origin → ACAO *; preflights asking for headers beyond Content-Type → 200 without CORS headers: nothing echoed',
    allow: `origins '*'
      resource '*', headers: %w[Content-Type], methods: [:get, :head, :options]`,
  },
  {
    name: 'allowlist',
    correct: true,
    expect: [],
    live: 'GET Origin app → ACAO app + ACAC true, Max-Age 600; evil, null, look-alikes → no ACAO; Vary: Origin on every answer; preflight PUT with authorization, content-type → granted; x-corscan-probe → refused',
    allow: `origins 'https://app.example.test', 'https://admin.example.test'
      resource '*', headers: %w[Content-Type Authorization], methods: [:get, :post, :put, :delete, :options], credentials: true, max_age: 600`,
  },
  {
    name: 'regex-unanchored',
    correct: false,
    expect: ['substring-match', 'any-subdomain'],
    live: 'Regexp without anchors: GET Origin https://app.example.test.evil.example → echoed + ACAC true; https://sub.example.test → echoed + ACAC true; evil.example → no ACAO',
    allow: `origins %r{https://.*\\.example\\.test}
      resource '*', headers: %w[Content-Type Authorization], methods: [:get, :post, :put, :delete, :options], credentials: true`,
  },
  {
    name: 'regex-anchored',
    correct: true,
    expect: [],
    live: '\A…\z: GET Origin app → ACAO app + ACAC true; app.example.test.evil.example, sub.example.test, evil → no ACAO; Vary: Origin on every answer; Max-Age 7200 (the default)',
    allow: `origins %r{\\Ahttps://(app|admin)\\.example\\.test\\z}
      resource '*', headers: %w[Content-Type Authorization], methods: [:get, :post, :put, :delete, :options], credentials: true`,
  },
  {
    name: 'block-allows-all',
    correct: false,
    expect: ['origin-reflection', 'null-origin'],
    live: 'origins { |source, env| true }: GET Origin https://evil.example → echoed + ACAC true; null → ACAO null + ACAC true; preflight PUT from evil → echoed + ACAC true',
    allow: `origins { |source, env| true }
      resource '*', headers: %w[Content-Type Authorization], methods: [:get, :post, :put, :delete, :options], credentials: true`,
  },
  {
    name: 'allowlist-any-header',
    correct: false,
    expect: ['reflected-request-headers'],
    live: 'GET Origin app → ACAO app + ACAC true; preflight GET + x-corscan-probe from app → ACAH x-corscan-probe (headers: :any); methods: :any is a fixed list',
    allow: `origins 'https://app.example.test'
      resource '*', headers: :any, methods: :any, credentials: true`,
  },
];

const APP = `
require 'rack'
require 'rack/cors'
require 'webrick'

endpoint = lambda do |env|
  if env['PATH_INFO'] == '/api/me'
    [200, { 'Content-Type' => 'application/json' }, ['{"ok":true}']]
  else
    [404, { 'Content-Type' => 'application/json' }, ['{"error":"not found"}']]
  end
end

app = Rack::Builder.new do
${CONFIGS.map((c) => `  map '/${c.name}' do
    use Rack::Cors do
      allow do
      ${c.allow}
      end
    end
    run endpoint
  end`).join('\n')}
end

Rack::Handler::WEBrick.run(app, Host: '127.0.0.1', Port: Integer(ARGV[0]), AccessLog: [], Logger: WEBrick::Log.new(File::NULL))
`;

export const rack: Stack = {
  name: 'rack',
  configs: CONFIGS,
  async start(dir) {
    const port = await freePort();
    const file = writeFile(dir, 'rack_app.rb', APP);
    const server = await spawnServer('ruby', [file, String(port)], { cwd: dir, ports: [port] });
    return { where: (name) => ({ port, prefix: `/${name}/` }), stop: server.stop };
  },
};
