import { readFileSync } from 'node:fs';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { pseudoPath, renderSarif } from '../../src/report/sarif.js';

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
    expect(anchored[0]!.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'apis.txt' }, region: { startLine: 7 } });
    const other = anchored.find((result) => (result.properties as { target: string }).target !== target)!;
    expect(other.locations![0]!.physicalLocation!.region!.startLine).toBe(1);
  });

  it('maps severities to levels and reports baseline state', () => {
    const marked = { ...report, findings: report.findings.map((f) => ({ ...f, baseline: 'new' as const })) };
    const results = render(marked).runs[0]!.results!;
    const levelOf = (severity: string) => results[report.findings.findIndex((f) => f.severity === severity)]!.level;
    expect(levelOf('high')).toBe('error');
    expect(levelOf('medium')).toBe('warning');
    expect(levelOf('low')).toBe('note');
    expect(levelOf('info')).toBe('note');
    expect(results.every((result) => result.baselineState === 'new')).toBe(true);
  });
});
