import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../src/lab/policies.js';
import type { Recording } from '../../src/http/recording.js';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';
import { useLab, type Lab } from '../helpers/lab.js';

/**
 * In-process CLI tests answer the lab in memory (test/helpers/lab-network.ts). That is only
 * honest while the answers are the ones the socket gives: the same scan both ways must record
 * the same exchanges (statuses, header lines in order; Date values aside) and report the same.
 */
const SAMPLE = POLICIES.filter((policy) => policy.scheme !== 'https').filter((_, i) => i % 6 === 0);

let lab: Lab;
const dir = useLab('lab-network', (started) => (lab = started));

/** Scans the sample with a recording; returns the report and the recorded exchanges with Date values and timings blanked. */
async function scan(sockets: boolean) {
  const record = join(dir, `${sockets ? 'sockets' : 'memory'}.json`);
  const args = ['scan', ...SAMPLE.flatMap((policy) => lab.argsFor(policy)), '--format', 'json', '--fail-on', 'none', '--record', record, '--concurrency', '1'];
  const run = await runCorscan(args, { sockets });
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as ScanReport;
  const recording = JSON.parse(readFileSync(record, 'utf8')) as Recording;
  const exchanges = recording.exchanges
    .map((exchange) => ({
      ...exchange,
      durationMs: 0,
      ...(exchange.response ? { response: { ...exchange.response, headers: exchange.response.headers.map(([name, value]) => [name, name === 'Date' ? '' : value]) } } : {}),
    }))
    .sort((a, b) => a.probe.id.localeCompare(b.probe.id) || a.probe.url.localeCompare(b.probe.url));
  return { report, exchanges };
}

describe('the in-memory lab network', () => {
  it('records the exchanges a socket records and reports the same findings', async () => {
    expect(SAMPLE.length).toBeGreaterThanOrEqual(8);
    const before = SAMPLE.map((policy) => lab.requestCount(policy.name));
    const memory = await scan(false);
    // Counted like the socket's requests, so tests asserting "nothing was sent" still can.
    const counted = SAMPLE.map((policy, i) => lab.requestCount(policy.name) - before[i]!);
    const sockets = await scan(true);
    expect(memory.exchanges).toEqual(sockets.exchanges);
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(memory.report.targets.reduce((sum, target) => sum + target.requests, 0));
    const findings = (report: ScanReport) => report.findings.map((finding) => [finding.target, finding.ruleId, finding.messageId, finding.severity, finding.fingerprint]);
    expect(findings(memory.report)).toEqual(findings(sockets.report));
    const targets = (report: ScanReport) => report.targets.map(({ url, status, requests, granted, protocol }) => ({ url, status, requests, granted, protocol }));
    expect(targets(memory.report)).toEqual(targets(sockets.report));
  });
});
