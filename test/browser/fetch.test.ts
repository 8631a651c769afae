import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHar } from '../../src/cli/inputs/har-file.js';
import { harEndpoints } from '../../src/har/endpoints.js';
import { API_ORIGIN, PAGE_ORIGIN as APP_ORIGIN, startLabApp, type LabApp } from '../har/lab-app.js';
import { sanitiseHar } from '../har/sanitise-har.js';
import { launchChromium } from './chromium.js';
import { COMBINATIONS } from './combinations.js';
import { observeAll } from './observe.js';
import { predict, type Outcome } from './predict.js';
import { HOSTS, PAGE_ORIGIN, startConformanceServer, type ConformanceServer } from './server.js';

/**
 * Pages in Chromium fetching from test servers: the conformance table of src/cors, and the
 * recording of the HAR fixture. They share one Chromium (a launch costs about 1.5 CPU-s), which
 * is why both servers start first: Chromium's host rules are fixed at launch.
 */
const HAR_FIXTURE = new URL('../../fixtures/har/lab-session.har', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'corscan-har-record-'));
let server: ConformanceServer;
let app: LabApp;
let browser: Browser;

beforeAll(async () => {
  [server, app] = await Promise.all([startConformanceServer(COMBINATIONS), startLabApp({ page: true })]);
  browser = await launchChromium({
    ...Object.fromEntries(HOSTS.map((host) => [host, server.port])),
    'app.victim.test': app.pagePort,
    'api.victim.test': app.apiPort,
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('src/cors agrees with Chromium', () => {
  it('covers at least 80 distinct combinations', () => {
    expect(new Set(COMBINATIONS.map((combination) => combination.id)).size).toBe(COMBINATIONS.length);
    expect(COMBINATIONS.length).toBeGreaterThanOrEqual(80);
  });

  it('predicts, for every combination, what Chromium does', async () => {
    const page = await browser.newPage();
    await page.goto(`${PAGE_ORIGIN}/`);
    const observed = await observeAll(page, COMBINATIONS, server.received);
    await page.close();
    const disagreements: { id: string; about: string; chromium: Outcome; module: Outcome }[] = [];
    for (const combination of COMBINATIONS) {
      const chromium = observed.get(combination.id)!;
      const module = predict(combination);
      if (!isDeepStrictEqual(chromium, module)) disagreements.push({ id: combination.id, about: combination.about, chromium, module });
    }
    // The table must exercise every kind of outcome, or agreement would prove little.
    const seen = [...observed.values()];
    const kinds = {
      allowed: seen.some((outcome) => outcome.allowed),
      blocked: seen.some((outcome) => !outcome.allowed),
      noPreflight: seen.some((outcome) => outcome.preflight === 'none'),
      preflightPassed: seen.some((outcome) => outcome.preflight === 'passed'),
      preflightFailed: seen.some((outcome) => outcome.preflight === 'failed'),
      preflightCached: seen.some((outcome) => outcome.secondPreflight === false),
      preflightNotCached: seen.some((outcome) => outcome.secondPreflight === true),
      exposedHeaderRead: seen.some((outcome) => outcome.readable?.includes('x-request-id')),
      taintedOrigin: seen.some((outcome) => outcome.finalOrigin === 'null'),
      untaintedRedirect: seen.some((outcome) => outcome.finalOrigin === PAGE_ORIGIN),
      redirectPreflightPassed: seen.some((outcome) => outcome.redirectPreflight === 'passed'),
      redirectPreflightFailed: seen.some((outcome) => outcome.redirectPreflight === 'failed'),
    };
    expect(Object.entries(kinds).filter(([, present]) => !present).map(([kind]) => kind)).toEqual([]);
    console.log(`Chromium ${browser.version()}: ${COMBINATIONS.length - disagreements.length}/${COMBINATIONS.length} combinations agree`);
    expect(disagreements).toEqual([]);
  });
});

/**
 * Records the HAR fixture of the lab front end (test/har/lab-app.ts) with Playwright's recordHar,
 * removes its secrets and checks that the committed fixture describes the same endpoints and
 * usage. Re-record after changing the lab:
 *   UPDATE_FIXTURES=1 npx vitest run test/browser/fetch.test.ts
 */
describe('HAR fixture recorded from Chromium', () => {
  it('a fresh recording of the lab front end gives the committed fixture\'s endpoints and usage, and holds no secret', async () => {
    const harPath = join(dir, 'session.har');
    // The lab certificate is self-signed; content is not needed (corscan never reads bodies).
    const context = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: harPath, content: 'omit' } });
    const page = await context.newPage();
    await page.goto(`${APP_ORIGIN}/`);
    await page.waitForFunction('window.__done === true', undefined, { timeout: 20_000 });
    await context.close();
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
