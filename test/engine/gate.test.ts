import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyBaseline, diffFindings } from '../../src/engine/baseline.js';
import { applyIgnores, isExpired, type IgnoreEntry } from '../../src/engine/suppress.js';
import { getExitCode } from '../../src/cli/output/exit-code.js';
import type { ScanReport } from '../../src/model/report.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/reports/${name}.json`, import.meta.url), 'utf8')) as ScanReport;
const before = load('before');
const after = load('after');
const key = (f: { ruleId: string; target: string }) => `${f.ruleId}@${new URL(f.target).pathname}`;

describe('baseline on recorded reports', () => {
  it('classifies new, unchanged and fixed by fingerprint', () => {
    const diff = diffFindings(before.findings, after.findings);
    expect(diff.unchanged.map(key).sort()).toEqual(['missing-vary@/missing-vary-origin/', 'multiple-acao@/acao-list/']);
    expect(diff.new.map(key).sort()).toEqual(['null-origin@/reflect-any/', 'origin-reflection@/reflect-any/', 'wildcard-origin@/wildcard-public/']);
    expect(diff.fixed.map(key).sort()).toEqual([
      'missing-vary@/reflect-any-with-credentials/',
      'null-origin@/reflect-any-with-credentials/',
      'origin-reflection@/reflect-any-with-credentials/',
    ]);
  });

  it('applyBaseline marks every finding and summarises', () => {
    const report = applyBaseline(after, before, 'before.json');
    expect(report.findings.filter((f) => f.baseline === 'new')).toHaveLength(3);
    expect(report.findings.filter((f) => f.baseline === 'unchanged')).toHaveLength(2);
    expect(report.baseline).toMatchObject({ file: 'before.json', new: 3, unchanged: 2 });
    expect(report.baseline!.fixed).toHaveLength(3);
  });

  it('a finding suppressed in the baseline is new once its suppression is gone', () => {
    const suppressed = { ...before, findings: before.findings.map((f) => ({ ...f, suppressed: { reason: 'r', source: 'x#1' } })) };
    expect(diffFindings(suppressed.findings, after.findings).unchanged).toEqual([]);
  });
});

describe('ignore entries', () => {
  const entry = (extra: Partial<IgnoreEntry>): IgnoreEntry => ({ rule: 'origin-reflection', reason: 'public data', source: 'i.yaml#1', ...extra });

  it('expiry is inclusive of the day itself', () => {
    expect(isExpired('2026-11-22', '2026-11-22')).toBe(false);
    expect(isExpired('2026-11-21', '2026-11-22')).toBe(true);
    expect(isExpired(undefined, '2026-11-22')).toBe(false);
  });

  it('matches rule and target glob; expired entries warn and do not suppress; unused entries warn', () => {
    const glob = `http://api.victim.test:*/reflect-any/**`;
    const active = applyIgnores(after.findings, [entry({ target: glob, expires: '2030-01-01' })], '2026-11-22');
    expect(active.findings.filter((f) => f.suppressed).map(key)).toEqual(['origin-reflection@/reflect-any/']);
    expect(active.warnings).toEqual([]);
    const expired = applyIgnores(after.findings, [entry({ target: glob, expires: '2026-01-01' })], '2026-11-22');
    expect(expired.findings.some((f) => f.suppressed)).toBe(false);
    expect(expired.warnings).toEqual(['ignore entry i.yaml#1 (origin-reflection) expired on 2026-01-01; its findings count again']);
    const unused = applyIgnores(after.findings, [entry({ target: 'https://elsewhere.test/**' })], '2026-11-22');
    expect(unused.warnings).toEqual(['ignore entry i.yaml#1 (origin-reflection) matched no finding']);
  });
});

describe('getExitCode', () => {
  const report = (findings: ScanReport['findings'], statuses: Array<'scanned' | 'unreachable'> = ['scanned']): ScanReport => ({
    ...after,
    findings,
    targets: statuses.map((status, i) => ({ ...after.targets[0]!, url: `https://t${i}.test/`, status })),
  });
  const high = { ...after.findings.find((f) => f.severity === 'high')! };

  it('gates on severity, never on suppressed findings, and on new ones only with failOnNew', () => {
    expect(getExitCode(report([high]), { failOn: 'high' })).toBe(1);
    expect(getExitCode(report([high]), { failOn: 'critical' })).toBe(0);
    expect(getExitCode(report([{ ...high, suppressed: { reason: 'r', source: 's#1' } }]), { failOn: 'info' })).toBe(0);
    expect(getExitCode(report([{ ...high, baseline: 'unchanged' }]), { failOn: 'high', failOnNew: true })).toBe(0);
    expect(getExitCode(report([{ ...high, baseline: 'new' }]), { failOn: 'high', failOnNew: true })).toBe(1);
    // A new finding below the threshold does not fail.
    expect(getExitCode(report([{ ...high, baseline: 'new' }]), { failOn: 'critical', failOnNew: true })).toBe(0);
  });

  it('unreachable targets: 2, unless allowed and something was checked', () => {
    expect(getExitCode(report([], ['scanned', 'unreachable']), { failOn: 'high' })).toBe(2);
    expect(getExitCode(report([], ['scanned', 'unreachable']), { failOn: 'high', allowUnreachable: true })).toBe(0);
    expect(getExitCode(report([high], ['scanned', 'unreachable']), { failOn: 'high', allowUnreachable: true })).toBe(1);
    expect(getExitCode(report([], ['unreachable']), { failOn: 'high', allowUnreachable: true })).toBe(2);
  });
});
