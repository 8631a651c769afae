import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHar } from '../../src/cli/inputs/har-file.js';
import { harEndpoints } from '../../src/har/endpoints.js';
import { API_ORIGIN, PAGE_ORIGIN, startLabApp } from '../har/lab-app.js';
import { sanitiseHar } from '../har/sanitise-har.js';
import { launchChromium } from './chromium.js';

/**
 * Records the HAR fixture of the lab front end (test/har/lab-app.ts) in Chromium with
 * Playwright's recordHar, removes its secrets and checks that the committed fixture
 * describes the same endpoints and usage. Re-record after changing the lab:
 *   UPDATE_FIXTURES=1 npx vitest run test/browser/har-record.test.ts
 */
export const HAR_FIXTURE = new URL('../../fixtures/har/lab-session.har', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'corscan-har-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HAR fixture recorded from Chromium', () => {
  it('a fresh recording of the lab front end gives the committed fixture\'s endpoints and usage, and holds no secret', async () => {
    const app = await startLabApp({ page: true });
    const harPath = join(dir, 'session.har');
    const browser = await launchChromium({ 'app.victim.test': app.pagePort, 'api.victim.test': app.apiPort });
    try {
      // The lab certificate is self-signed; content is not needed (corscan never reads bodies).
      const context = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: harPath, content: 'omit' } });
      const page = await context.newPage();
      await page.goto(`${PAGE_ORIGIN}/`);
      await page.waitForFunction('window.__done === true', undefined, { timeout: 20_000 });
      await context.close();
    } finally {
      await browser.close();
      await app.close();
    }
    // The browser refused the seeded DELETE after its preflight: the API never saw it.
    expect(app.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
    expect(app.requests.some((request) => request.method === 'OPTIONS' && request.path.startsWith('/api/orders/'))).toBe(true);
    expect(app.requests.some((request) => request.cookie?.includes(app.secrets.session))).toBe(true);

    const text = `${JSON.stringify(sanitiseHar(JSON.parse(readFileSync(harPath, 'utf8'))), null, 2)}\n`;
    for (const secret of Object.values(app.secrets)) expect(text).not.toContain(secret);
    if (process.env['UPDATE_FIXTURES']) writeFileSync(HAR_FIXTURE, text);

    const summary = (har: string) => {
      const { endpoints, counts } = harEndpoints(parseHar(har, 'session.har'), { source: 'session.har', keepQuery: false });
      return { counts, endpoints: endpoints.map(({ url, usage }) => ({ url, usage })) };
    };
    const fresh = summary(text);
    expect(fresh.endpoints.map((endpoint) => endpoint.usage.endpoint)).toContain(`${API_ORIGIN}/api/orders/{id}`);
    expect(summary(readFileSync(HAR_FIXTURE, 'utf8'))).toEqual(fresh);
  });
});
