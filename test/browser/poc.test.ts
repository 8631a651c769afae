import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_HOST } from '../../src/lab/policy.js';
import { POLICIES } from '../../src/lab/policies.js';
import type { Finding } from '../../src/model/finding.js';
import { pocPage } from '../../src/poc/page.js';
import { runCorscan } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';
import { launchChromium } from './chromium.js';

/**
 * The --poc pages, proven in Chromium. The probe origin is
 * https://corscan-attacker.example; loopback has no certificate for it (and an
 * https page could not fetch the http lab: mixed content), so the page is served
 * as http://corscan-attacker.example, mapped to loopback inside Chromium only.
 * The lab's vulnerable policies grant any origin, so they grant this one exactly
 * as they grant the https one; the clean policy grants neither.
 */
const ATTACKER_HOST = 'corscan-attacker.example';
const policy = (name: string) => POLICIES.find((entry) => entry.name === name)!;

let lab: Lab;
let pageServer: Server;
let browser: Browser;
let dir: string;
const pages = new Map<string, string>();

beforeAll(async () => {
  lab = await startLab();
  dir = await mkdtemp(join(tmpdir(), 'corscan-poc-'));
  pageServer = createServer((request, response) => {
    const page = pages.get(request.url ?? '');
    if (page === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const pagePort = (pageServer.address() as AddressInfo).port;
  browser = await launchChromium({ [ATTACKER_HOST]: pagePort, [LAB_HOST]: null });
});

afterAll(async () => {
  await browser?.close();
  pageServer?.closeAllConnections();
  await new Promise((resolve) => pageServer?.close(resolve));
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Scans one lab policy with --poc and returns the page it wrote for origin-reflection. */
async function scanForPoc(name: string): Promise<{ html: string; stderr: string }> {
  const out = join(dir, name);
  const run = await runCorscan(['scan', ...lab.argsFor(policy(name)), '--poc', out, '--fail-on', 'none']);
  expect(run.code, run.stderr).toBe(0);
  const files = await readdir(out);
  const file = files.find((entry) => entry.startsWith('origin-reflection-'));
  expect(file, files.join(', ')).toBeDefined();
  return { html: await readFile(join(out, file!), 'utf8'), stderr: run.stderr };
}

interface PocResult {
  state: 'read' | 'blocked';
  status?: number;
  body?: string;
  credentials: string;
}

/** Loads a PoC on the attacker origin in `page` and waits for its verdict. */
async function openPoc(page: Page, path: string, html: string): Promise<PocResult> {
  pages.set(path, html);
  await page.goto(`http://${ATTACKER_HOST}${path}`);
  await page.waitForSelector('#status[data-state]', { timeout: 10_000 });
  return (await page.evaluate('window.corscanResult')) as PocResult;
}

/**
 * One page for the file, navigated from one PoC to the next: a browser context and its renderer
 * cost about a CPU-second each (measured: 9.7 CPU-s of Chromium with a context per test, 7.0 with
 * one). Nothing carries over that a test depends on: the lab sets no cookies, its answers carry no
 * freshness or validators (nothing is stored in the HTTP cache), and cached preflights are keyed by
 * origin and URL (Fetch § CORS-preflight cache), which differ between the tests.
 */
let page: Page | undefined;
async function inPage(test: (page: Page) => Promise<void>): Promise<void> {
  page ??= await browser.newPage();
  await test(page);
}

describe('--poc pages, run in Chromium', () => {
  it('reads a reflect-any-with-credentials target with credentials, and the clean policy refuses the same page', async () => {
    const { html, stderr } = await scanForPoc('reflect-any-with-credentials');
    expect(stderr).toMatch(/proof of concept for origin-reflection on .*host it on https:\/\/corscan-attacker\.example/);
    await inPage(async (page) => {
      const read = await openPoc(page, '/credentials.html', html);
      expect(read).toMatchObject({ state: 'read', status: 200, credentials: 'include' });
      expect(read.body).toContain('"ok":true');

      const cleanTarget = lab.targetOf('allowlist-exact-with-credentials');
      const cleanHtml = html.replaceAll(lab.targetOf('reflect-any-with-credentials'), cleanTarget);
      expect(cleanHtml).toContain(cleanTarget);
      expect(await openPoc(page, '/credentials-clean.html', cleanHtml)).toMatchObject({ state: 'blocked', credentials: 'include' });
    });
  });

  it('reads a reflect-any target without credentials (with them, the browser would refuse)', async () => {
    const { html } = await scanForPoc('reflect-any');
    await inPage(async (page) => {
      expect(await openPoc(page, '/omit.html', html)).toMatchObject({ state: 'read', status: 200, credentials: 'omit' });
      // The credentials mode matters: the same read with cookies fails (no Access-Control-Allow-Credentials).
      const withCredentials = html.replace('credentials: "omit"', 'credentials: "include"');
      expect(await openPoc(page, '/omit-forced.html', withCredentials)).toMatchObject({ state: 'blocked', credentials: 'include' });
    });
  });

  it('reads as Origin: null from a sandboxed iframe when null is trusted, and not otherwise', async () => {
    const finding = (target: string): Finding => ({
      ruleId: 'null-origin',
      messageId: 'nullAllowedWithCredentials',
      title: 'Origin: null is trusted',
      message: 'Origin: null is granted with credentials.',
      data: { origin: 'null', credentials: 'true' },
      severity: 'high',
      target,
      evidence: [],
      remediation: '',
      fingerprint: 'f'.repeat(64),
      docsUrl: '',
    });
    const vulnerable = pocPage(finding(lab.targetOf('null-allowed')))!;
    const clean = pocPage(finding(lab.targetOf('allowlist-exact-with-credentials')))!;
    await inPage(async (page) => {
      expect(await openPoc(page, '/null.html', vulnerable.html)).toMatchObject({ state: 'read', status: 200, credentials: 'include' });
      expect(await openPoc(page, '/null-clean.html', clean.html)).toMatchObject({ state: 'blocked' });
    });
  });
});
