import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { FRAMEWORKS } from '../../src/fix/frameworks/index.js';
import { buildPolicy } from '../../src/fix/policy-builder.js';
import type { CorsPolicy } from '../../src/fix/policy.js';
import { UndiciTransport } from '../../src/http/undici-transport.js';
import type { ScanReport } from '../../src/model/report.js';
import { atOrAbove } from '../../src/model/severity.js';
import { RULES } from '../../src/rules/index.js';
import { APP_STARTERS, type RunningApp } from '../helpers/apps.js';

/**
 * The generated snippets run against the real middleware: the snippet text (minus its
 * import lines, whose bindings we pass in) is evaluated on a real app, the app listens on
 * loopback, and corscan scans it under a realistic name. A wrong snippet fails here.
 */

const HOST = 'api.shop.test';
const FRONTENDS = ['https://app.shop.test', 'https://admin.shop.test'];
const ATTACKER = 'https://attacker.example';

const POLICIES: Record<string, CorsPolicy> = {
  credentialed: buildPolicy({
    origins: FRONTENDS,
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    headers: ['Content-Type', 'Authorization'],
    expose: ['X-Request-Id'],
    maxAge: 600,
  }),
  'no-extra-headers': buildPolicy({ origins: [FRONTENDS[0]!], headers: [], maxAge: null }),
  'no-preflight-cache': buildPolicy({ origins: [FRONTENDS[0]!], credentials: true, maxAge: 0 }),
  public: buildPolicy({ origins: ['*'] }),
};

async function scanApp(port: number, trusted: string[]): Promise<ScanReport> {
  const transport = new UndiciTransport({
    timeoutMs: 5_000,
    perHostConnections: 4,
    insecure: false,
    resolve: [{ host: HOST, port, address: '127.0.0.1' }],
    userAgent: 'corscan-test',
  });
  try {
    return await scan(
      [`http://${HOST}:${port}/api/orders`],
      {
        rules: RULES,
        headers: {},
        trustedOrigins: trusted,
        failOn: 'medium',
        concurrency: 1,
        secretHeaders: [],
        showSecrets: false,
        tool: { name: 'corscan', version: 'test' },
      },
      transport,
    );
  } finally {
    await transport.close();
  }
}

async function send(port: number, method: string, headers: Record<string, string>): Promise<Response> {
  const response = await fetch(`http://127.0.0.1:${port}/api/orders`, { method, headers });
  await response.arrayBuffer();
  return response;
}

const varyOf = (response: Response) => (response.headers.get('vary') ?? '').toLowerCase().split(/\s*,\s*/);

describe.each(Object.keys(APP_STARTERS))('%s: the generated configuration', (name) => {
  describe.each(Object.keys(POLICIES))('policy %s', (policyName) => {
    const policy = POLICIES[policyName]!;
    const pub = policy.origins[0] === '*';
    const trusted = pub ? [] : policy.origins;
    let app: RunningApp;
    let report: ScanReport;

    beforeAll(async () => {
      app = await APP_STARTERS[name]!(FRAMEWORKS.find((f) => f.name === name)!.render(policy));
      report = await scanApp(app.port, trusted);
    });
    afterAll(() => app?.close());

    it('scans with no finding at medium or above', () => {
      expect(report.targets[0]!.status).toBe('scanned');
      expect(report.findings.filter((f) => atOrAbove(f.severity, 'medium')).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    });

    it('grants the allowed origin exactly, with credentials when asked, and Vary: Origin', async () => {
      const origin = pub ? 'https://anyone.example' : policy.origins.at(-1)!;
      const response = await send(app.port, 'GET', { Origin: origin });
      expect(response.headers.get('access-control-allow-origin')).toBe(pub ? '*' : origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe(policy.credentials ? 'true' : null);
      if (policy.expose.length > 0) expect(response.headers.get('access-control-expose-headers')?.replace(/\s/g, '')).toBe(policy.expose.join(','));
      if (!pub) expect(varyOf(response)).toContain('origin');
    });

    if (!pub) {
      it('answers a refused origin without Access-Control-Allow-Origin, with Vary: Origin', async () => {
        const response = await send(app.port, 'GET', { Origin: ATTACKER });
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(varyOf(response)).toContain('origin');
        const preflight = await send(app.port, 'OPTIONS', { Origin: ATTACKER, 'Access-Control-Request-Method': 'PUT' });
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      });
    }

    it('answers a preflight with the fixed lists, never echoing what was asked', async () => {
      const origin = pub ? 'https://anyone.example' : policy.origins[0]!;
      const response = await send(app.port, 'OPTIONS', {
        Origin: origin,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'x-corscan-probe',
      });
      expect(response.status).toBeLessThan(300);
      expect(response.headers.get('access-control-allow-origin')).toBe(pub ? '*' : origin);
      expect(response.headers.get('access-control-allow-methods')?.replace(/\s/g, '')).toBe(policy.methods.join(','));
      expect(response.headers.get('access-control-allow-headers') ?? '').not.toMatch(/x-corscan-probe/i);
      expect(response.headers.get('access-control-max-age')).toBe(policy.maxAge === null ? null : String(policy.maxAge));
    });
  });
});
