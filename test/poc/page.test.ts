import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../../src/model/finding.js';
import { pocPage, pocPages, pocUsage } from '../../src/poc/page.js';
import { POLICIES } from '../../src/lab/policies.js';
import { runCorscan } from '../helpers/cli.js';
import { startLab } from '../helpers/lab.js';

const ATTACKER = 'https://corscan-attacker.example';
const TARGET = 'https://api.victim.test/v1/me';

const evidence = (acac: string[]): Evidence => ({
  probeId: 'simple:arbitrary-origin',
  request: { method: 'GET', url: TARGET, headers: { Origin: ATTACKER } },
  response: { status: 200, headers: [['Access-Control-Allow-Origin', ATTACKER], ...acac.map((value): [string, string] => ['Access-Control-Allow-Credentials', value])] },
  curl: '',
});

const finding = (data: Record<string, string>, evidenceList: Evidence[] = [], extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'origin-reflection',
  messageId: 'reflected',
  title: 'Any Origin is echoed',
  message: 'Origin is granted.',
  data,
  severity: 'high',
  target: TARGET,
  evidence: evidenceList,
  remediation: '',
  fingerprint: '0123456789abcdef'.repeat(4),
  docsUrl: '',
  ...extra,
});

describe('pocPage', () => {
  it('carries a Content-Security-Policy: inline script and style only, connections to the target origin only', () => {
    for (const origin of [ATTACKER, 'null']) {
      const html = pocPage(finding({ origin }))!.html;
      const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
      expect(policy).toBe("default-src 'none'; connect-src https://api.victim.test; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
      // It comes before any script, so it governs all of them.
      expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    }
  });

  it('skips findings that are not about a trusted origin', () => {
    expect(pocPage(finding({}))).toBeUndefined();
    expect(pocPages([finding({}), finding({ origin: ATTACKER })])).toHaveLength(1);
  });

  it('uses data.credentials when the rule gives it', () => {
    expect(pocPage(finding({ origin: ATTACKER, credentials: 'true' }))!.credentials).toBe('include');
    expect(pocPage(finding({ origin: ATTACKER, credentials: 'false' }, [evidence(['true'])]))!.credentials).toBe('omit');
  });

  it('otherwise reads the credentials mode from the evidence, as a browser checks it', () => {
    expect(pocPage(finding({ origin: ATTACKER }, [evidence(['true'])]))!.credentials).toBe('include');
    expect(pocPage(finding({ origin: ATTACKER }, [evidence(['True'])]))!.credentials).toBe('omit');
    expect(pocPage(finding({ origin: ATTACKER }, [evidence([])]))!.credentials).toBe('omit');
  });

  it('names the file after rule and fingerprint and says where to host it', () => {
    const page = pocPage(finding({ origin: ATTACKER, credentials: 'true' }))!;
    expect(page.fileName).toBe('origin-reflection-0123456789ab.html');
    expect(page.html).toContain(`fetch(result.target, { credentials: result.credentials, mode: 'cors' })`);
    expect(page.html).toContain('credentials: "include"');
    expect(pocUsage(page, '/tmp/x.html')).toBe(
      `proof of concept for origin-reflection on ${TARGET}: /tmp/x.html (host it on ${ATTACKER} and open it in a browser logged in to the target)`,
    );
  });

  it('reads from a sandboxed iframe for the null origin', () => {
    const page = pocPage(finding({ origin: 'null' }, [], { ruleId: 'null-origin' }))!;
    expect(page.html).toContain("frame.setAttribute('sandbox', 'allow-scripts')");
    expect(pocUsage(page, 'p.html')).toBe(
      `proof of concept for null-origin on ${TARGET}: p.html (serve it from any web origin and open it in a browser; it reads as Origin: null from a sandboxed iframe)`,
    );
  });

  it('escapes what the server or the user controls', () => {
    const hostile = 'https://api.victim.test/</script><script>alert(1)</script>';
    const page = pocPage(finding({ origin: ATTACKER }, [], { target: hostile, message: '<img src=x onerror=alert(1)>' }))!;
    expect(page.html).not.toContain('</script><script>alert(1)');
    expect(page.html).not.toContain('<img src=x');
    expect(page.html).toContain('\\u003c/script>');
  });
});

describe('corscan scan --poc', () => {
  it('writes one page per origin-trust finding and says how to use it', async () => {
    const lab = await startLab();
    const dir = await mkdtemp(join(tmpdir(), 'corscan-poc-'));
    try {
      const vulnerable = POLICIES.find((policy) => policy.name === 'reflect-any-with-credentials')!;
      const run = await runCorscan(['scan', ...lab.argsFor(vulnerable), '--poc', join(dir, 'out'), '--fail-on', 'none']);
      expect(run.code, run.stderr).toBe(0);
      const files = await readdir(join(dir, 'out'));
      expect(files.filter((file) => file.startsWith('origin-reflection-'))).toHaveLength(1);
      expect(run.stderr).toContain('corscan: proof of concept for origin-reflection on');
      const html = await readFile(join(dir, 'out', files.find((file) => file.startsWith('origin-reflection-'))!), 'utf8');
      expect(html).toContain(lab.targetOf('reflect-any-with-credentials'));

      const clean = POLICIES.find((policy) => policy.name === 'allowlist-exact-with-credentials')!;
      const cleanRun = await runCorscan(['scan', ...lab.argsFor(clean), '--poc', join(dir, 'clean')]);
      expect(cleanRun.code).toBe(0);
      expect(cleanRun.stderr).not.toContain('proof of concept');
      await expect(readdir(join(dir, 'clean'))).rejects.toThrow();
    } finally {
      await lab.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
