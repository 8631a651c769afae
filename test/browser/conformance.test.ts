import { isDeepStrictEqual } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { COMBINATIONS } from './combinations.js';
import { observeAll } from './observe.js';
import { predict, type Outcome } from './predict.js';
import { HOSTS, PAGE_ORIGIN, startConformanceServer, type ConformanceServer } from './server.js';

let server: ConformanceServer;
let browser: Browser;

beforeAll(async () => {
  server = await startConformanceServer(COMBINATIONS);
  browser = await launchChromium(Object.fromEntries(HOSTS.map((host) => [host, server.port])));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
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
