import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { makeFinding, makeReport, makeTarget } from '../helpers/report-fixture.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'corscan-html-layout-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium({});
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

function report() {
  const urls = ['https://api.example.test/v1/users/me/preferences/notifications', 'https://billing.example.test/', 'http://127.0.0.1:8080/health'];
  return makeReport(
    [makeTarget({ url: urls[1]! }), makeTarget({ url: urls[0]! }), makeTarget({ url: urls[2]!, status: 'unreachable', requests: 3, failedRequests: 3, error: { code: 'ERR_PROBE_CONNECT', message: 'connect ECONNREFUSED 127.0.0.1:8080' } })],
    [
      makeFinding({ target: urls[1]!, ruleId: 'missing-vary', severity: 'low', message: 'GET responses carry an Access-Control-Allow-Origin that changes with the request Origin, without Vary: Origin.' }),
      makeFinding({ target: urls[0]! }),
      makeFinding({ target: urls[0]!, ruleId: 'wildcard-methods-headers-credentials', severity: 'medium', message: 'Access-Control-Allow-Methods: * is sent with credentials, where browsers read it literally.' }),
    ],
  );
}

/**
 * Words (runs of letters and digits up to 24 characters) that the layout broke across
 * lines, in the targets table and the finding summaries. A break after a hyphen is a
 * normal line break, not a broken word.
 */
const BROKEN_WORDS = `(() => {
  const broken = [];
  for (const cell of document.querySelectorAll('#targets th, #targets td, .finding summary')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of (node.textContent ?? '').matchAll(/[A-Za-z0-9]{2,24}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
})()`;

describe('HTML report layout in Chromium', () => {
  it.each([
    [1280, 800],
    [390, 844],
  ])('at %i px no word breaks letter by letter, worst finding first, nothing wider than the page', async (width, height) => {
    const file = join(dir, `report-${width}.html`);
    writeFileSync(file, renderHtml(report()));
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width, height });
      await page.goto(pathToFileURL(file).href);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `html-report-${width}px.png`), fullPage: true });
      expect(await page.evaluate(BROKEN_WORDS)).toEqual([]);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      expect(await page.locator('.finding').first().getAttribute('data-severity')).toBe('critical');
      expect(await page.locator('#targets tbody tr').first().textContent()).toContain('api.example.test');
    } finally {
      await page.close();
    }
  });
});
