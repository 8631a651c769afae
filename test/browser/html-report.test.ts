import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPolicy } from '../../src/lab/policies.js';
import type { ScanReport } from '../../src/model/report.js';
import { escapeHtml, renderHtml } from '../../src/report/html.js';
import { makeFinding, makeReport, makeTarget } from '../helpers/report-fixture.js';
import { runCorscan } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'corscan-html-'));
// One Chromium and one page for the report's behaviour and its layout: a launch costs about
// 3 CPU-s, and each new page (its own browser context and renderer) about 1 more. Every test sets
// the viewport it needs and navigates to its own file, which starts a fresh document.
let lab: Lab;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  lab = await startLab();
  browser = await launchChromium({});
  page = await browser.newPage();
}, 60_000);

async function open(file: string, viewport = { width: 1280, height: 720 }): Promise<void> {
  await page.setViewportSize(viewport);
  await page.goto(pathToFileURL(file).href);
}

afterAll(async () => {
  await browser?.close();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTML report in headless Chromium', () => {
  it('renders the chart, the targets, the findings with curl, filters, and loads nothing external', async () => {
        const output = join(dir, 'report.html');
    const targets = ['reflect-any-with-credentials', 'wildcard-public', 'duplicate-acao', 'no-cors'].map((name) => lab.argsFor(findPolicy(name)!)[0]!);
    const run = await runCorscan(['scan', ...targets, '--resolve', `api.victim.test:${lab.port}:127.0.0.1`, '--format', 'html', '--output', output]);
    expect(run.code).toBe(1);

    const requested: string[] = [];
    const onRequest = (request: Request) => requested.push(request.url());
    const errors: string[] = [];
    const onError = (error: Error) => errors.push(error.message);
    page.on('request', onRequest).on('pageerror', onError);
    try {
      await open(output);
    } finally {
      page.off('request', onRequest).off('pageerror', onError);
    }

    expect(await page.title()).toMatch(/corscan report: \d+ findings on 4 targets/);
    expect(await page.locator('svg.chart rect').count()).toBe(5);
    expect(await page.locator('#targets tbody tr').count()).toBe(4);
    const findings = page.locator('.finding');
    const total = await findings.count();
    expect(total).toBeGreaterThan(3);
    await findings.first().locator('summary').click();
    await expect.poll(() => findings.first().locator('pre.curl').first().isVisible()).toBe(true);
    expect(await findings.first().locator('pre.curl').first().textContent()).toMatch(/^curl /);

    // Filter: at least high hides the info and medium findings; one rule shows only its findings.
    await page.selectOption('#filter-severity', 'high');
    const visibleHigh = await page.locator('.finding:not([hidden])').count();
    expect(visibleHigh).toBeGreaterThan(0);
    expect(visibleHigh).toBeLessThan(total);
    expect(await page.locator('#shown').textContent()).toBe(String(visibleHigh));
    await page.selectOption('#filter-severity', 'info');
    await page.selectOption('#filter-rule', 'multiple-acao');
    const rules = await page.locator('.finding:not([hidden])').evaluateAll((els) => els.map((el) => el.getAttribute('data-rule')));
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules)).toEqual(new Set(['multiple-acao']));
    await page.selectOption('#filter-rule', '');

    expect(errors).toEqual([]);
    expect(requested).toEqual([pathToFileURL(output).href]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
  });

  it('escapes hostile values from servers, so a header cannot script the page', async () => {
    const hostile = '"><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    const report: ScanReport = {
      schemaVersion: 1,
      tool: { name: 'corscan', version: 'test' },
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      options: { failOn: 'high', rules: ['invalid-acao'], trustedOrigins: [] },
      targets: [{ url: 'https://x.test/', status: 'scanned', requests: 1, failedRequests: 0, trustedOrigins: { declared: [], learned: [] }, outcomes: [] }],
      findings: [
        {
          ruleId: 'invalid-acao',
          messageId: 'm',
          title: 't',
          message: `ACAO ${hostile}`,
          data: {},
          severity: 'medium',
          target: 'https://x.test/',
          evidence: [{ probeId: 'simple:x', request: { method: 'GET', url: 'https://x.test/', headers: {} }, response: { status: 200, headers: [['Access-Control-Allow-Origin', hostile]] }, curl: 'curl x' }],
          remediation: 'r',
          fingerprint: 'f',
          docsUrl: 'README.md#invalid-acao',
        },
      ],
    };
    const html = renderHtml(report);
    expect(html).toContain(escapeHtml(hostile));
    expect(html).not.toContain('<img src=x');
    const file = join(dir, 'hostile.html');
    writeFileSync(file, html);
    await open(file);
    await page.locator('.finding summary').click();
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('.finding pre.http').nth(1).textContent()).toContain(hostile);
  });
});

function layoutReport() {
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
    writeFileSync(file, renderHtml(layoutReport()));
    await open(file, { width, height });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `html-report-${width}px.png`), fullPage: true });
    expect(await page.evaluate(BROKEN_WORDS)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    expect(await page.locator('.finding').first().getAttribute('data-severity')).toBe('critical');
    expect(await page.locator('#targets tbody tr').first().textContent()).toContain('api.example.test');
  });
});
