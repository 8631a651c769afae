import { readFileSync } from 'node:fs';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { MAX_SARIF_RESULTS, pseudoPath, renderSarif } from '../../src/report/sarif.js';
import { makeFinding, makeReport, makeTarget } from '../helpers/report-fixture.js';

const report = JSON.parse(readFileSync(new URL('../../fixtures/reports/after.json', import.meta.url), 'utf8')) as ScanReport;
const render = (r: ScanReport, options = {}) => JSON.parse(renderSarif(r, { color: false, ...options })) as Log;

describe('renderSarif', () => {
  it('turns URLs into scheme-less pseudo-paths GitHub accepts (a port would read as a scheme)', () => {
    expect(pseudoPath('https://api.example.com/v1/me?x=1')).toBe('api.example.com/v1/me');
    expect(pseudoPath('https://api.example.com/')).toBe('api.example.com');
    expect(pseudoPath('http://api.example.com:8443/v1')).toBe('api.example.com_8443/v1');
    expect(pseudoPath('http://[::1]:8080/x')).toBe('--1_8080/x');
  });

  it('leaves suppressed findings out, because GitHub ignores SARIF suppressions', () => {
    const [first, ...rest] = report.findings;
    const suppressed = { ...report, findings: [{ ...first!, suppressed: { reason: 'accepted', source: 'i.yaml#1' } }, ...rest] };
    const results = render(suppressed).runs[0]!.results!;
    expect(results).toHaveLength(report.findings.length - 1);
    expect(results.map((result) => result.partialFingerprints!['primaryLocationLineHash'])).not.toContain(`${first!.fingerprint}:1`);
  });

  it('anchors at a repository file and line when asked, else line 1 of the pseudo-path', () => {
    const target = report.findings[0]!.target;
    const anchored = render(report, { sarifLocation: { uri: 'apis.txt', lines: { [target]: 7 } } }).runs[0]!.results!;
    const mine = anchored.find((result) => (result.properties as { target: string }).target === target)!;
    expect(mine.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'apis.txt' }, region: { startLine: 7 } });
    const other = anchored.find((result) => (result.properties as { target: string }).target !== target)!;
    expect(other.locations![0]!.physicalLocation!.region!.startLine).toBe(1);
  });

  it('maps severities to levels and reports baseline state', () => {
    const marked = { ...report, findings: report.findings.map((f) => ({ ...f, baseline: 'new' as const })) };
    const results = render(marked).runs[0]!.results!;
    const levelOf = (severity: string) => results.find((result) => (result.properties as { severity: string }).severity === severity)!.level;
    expect(levelOf('high')).toBe('error');
    expect(levelOf('medium')).toBe('warning');
    expect(levelOf('low')).toBe('note');
    expect(levelOf('info')).toBe('note');
    expect(results.every((result) => result.baselineState === 'new')).toBe(true);
  });

  it('gives each result the security-severity of its own finding (critical at 9.0 or more)', () => {
    const findings = (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity) => makeFinding({ severity, fingerprint: severity.padEnd(64, '0') }));
    const results = render(makeReport([makeTarget()], findings)).runs[0]!.results!;
    const score = (severity: string) => Number((results.find((result) => (result.properties as { severity: string }).severity === severity)!.properties as Record<string, string>)['security-severity']);
    expect(score('critical')).toBeGreaterThanOrEqual(9);
    expect(score('high')).toBeGreaterThanOrEqual(7);
    expect(score('high')).toBeLessThan(9);
    expect(score('medium')).toBeGreaterThanOrEqual(4);
    expect(score('medium')).toBeLessThan(7);
    expect(score('low')).toBeLessThan(4);
  });

  it('has no automationDetails.id unless --sarif-category names one', () => {
    expect(render(report).runs[0]!.automationDetails).toBeUndefined();
    expect(render(report, { sarifCategory: 'corscan-staging' }).runs[0]!.automationDetails).toEqual({ id: 'corscan-staging/' });
  });

  it('marks a run that checked nothing as unsuccessful and says why', () => {
    const down = makeTarget({ status: 'unreachable', requests: 1, failedRequests: 1, error: { code: 'ERR_PROBE_CONNECT', message: 'connect ECONNREFUSED' } });
    const [run] = render(makeReport([down], [])).runs;
    expect(run!.results).toEqual([]);
    expect(run!.invocations![0]!.executionSuccessful).toBe(false);
    const notes = run!.invocations![0]!.toolExecutionNotifications!;
    expect(notes[0]).toMatchObject({ level: 'error', descriptor: { id: 'nothing-checked' } });
    expect(notes[0]!.message.text).toMatch(/not because nothing is wrong/);
    expect(notes.some((note) => note.message.text!.includes('https://api.example.test/ was not checked (unreachable: ERR_PROBE_CONNECT'))).toBe(true);
    // One target checked is a run that checked something.
    const up = makeTarget({ url: 'https://up.example.test/' });
    expect(render(makeReport([down, up], [])).runs[0]!.invocations![0]!.executionSuccessful).toBe(true);
  });

  it(`keeps the worst ${MAX_SARIF_RESULTS} results and notes how many it left out`, () => {
    const lows = Array.from({ length: MAX_SARIF_RESULTS }, (_, i) => makeFinding({ severity: 'low', evidence: [], fingerprint: `${i}`.padStart(64, '0') }));
    const critical = makeFinding({ severity: 'critical', evidence: [], fingerprint: 'c'.repeat(64) });
    const [run] = render(makeReport([makeTarget()], [...lows, critical])).runs;
    expect(run!.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run!.results![0]!.partialFingerprints!['primaryLocationLineHash']).toBe(`${'c'.repeat(64)}:1`);
    const note = run!.invocations![0]!.toolExecutionNotifications!.find((item) => item.descriptor?.id === 'results-left-out')!;
    expect(note.message.text).toMatch(/^1 results left out/);
  });
});
