import { findRule } from '../../src/rules/index.js';
import { atOrAbove } from '../../src/model/severity.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExitCode } from '../../src/cli/output/exit-code.js';
import { runCli } from '../../src/cli/commands/program.js';
import { mostlyContinue, type HostileServer } from '../../src/lab/hostile/servers.js';
import type { ScanReport } from '../../src/model/report.js';
import { memoryIo } from '../helpers/memory-io.js';

let server: HostileServer;
beforeAll(async () => {
  server = await mostlyContinue();
});
afterAll(() => server.close());

const target = () => `http://127.0.0.1:${server.port}/api/`;

describe('14.4: a partial target whose gating rules could not judge it is not a green gate', () => {
  it('14.4: most probes fail on an unsolicited 100 Continue: exit 2 and a stderr note naming the target', async () => {
    const { io, stdout, stderr } = memoryIo();
    const code = await runCli(['scan', target(), '--format', 'json', '--timeout', '3'], io);
    const report = JSON.parse(stdout()) as ScanReport;
    expect(report.targets[0]!.status).toBe('partial');
    expect(report.targets[0]!.failedRequests).toBeGreaterThan(report.targets[0]!.requests / 2);
    expect(code).toBe(2);
    expect(stderr()).toMatch(new RegExp(`${target()} was checked only in part: \\d+ of \\d+ probes failed \\(ERR_PROBE_PROTOCOL .*not judged: `));
    // The rules that could not judge it are named most severe first: a gating (high) one leads.
    const first = /not judged: ([a-z-]+)/.exec(stderr())![1]!;
    expect(atOrAbove(findRule(first)!.meta.severity, 'high')).toBe(true);
  });

  it('14.4: --allow-unreachable judges what was checked; the note is still printed', async () => {
    const { io, stderr } = memoryIo();
    expect(await runCli(['scan', target(), '--format', 'json', '--timeout', '3', '--allow-unreachable', '--fail-on', 'critical'], io)).toBe(0);
    expect(stderr()).toMatch(/was checked only in part/);
  });

  it('14.4: only rules at or above --fail-on count (getExitCode)', () => {
    const report = {
      targets: [{ status: 'partial' as const, outcomes: [{ ruleId: 'missing-vary', status: 'error' as const }] }],
      findings: [],
    };
    const ruleSeverity = { 'missing-vary': 'low' as const };
    expect(getExitCode(report, { failOn: 'high', ruleSeverity })).toBe(0);
    expect(getExitCode(report, { failOn: 'low', ruleSeverity })).toBe(2);
    expect(getExitCode(report, { failOn: 'low', ruleSeverity, allowUnreachable: true })).toBe(0);
    expect(getExitCode(report, { failOn: 'none', ruleSeverity })).toBe(0);
  });
});
