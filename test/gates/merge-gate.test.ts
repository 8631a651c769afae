import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';
import { makeReport, makeTarget } from '../helpers/report-fixture.js';
import { testDir } from '../helpers/temp-dir.js';

const dir = testDir('merge-gate');
const RULES = ['origin-reflection', 'missing-vary'];

/** Writes the report of shard `index` of 2 holding `target`. */
function shard(index: number, target: TargetResult): string {
  const file = join(dir, `shard-${index}-${target.url.replace(/\W+/g, '_')}.json`);
  const report = makeReport([target], [], { shard: { index, count: 2 }, options: { failOn: 'none', rules: RULES, trustedOrigins: [] } });
  writeFileSync(file, JSON.stringify(report));
  return file;
}

const clean = makeTarget({ url: 'https://a.example.test/', outcomes: RULES.map((ruleId) => ({ ruleId, status: 'pass' as const })) });
/** Most probes failed: origin-reflection (high) could not judge it, missing-vary (low) could. */
const partial = makeTarget({
  url: 'https://b.example.test/',
  status: 'partial',
  requests: 41,
  failedRequests: 40,
  error: { code: 'ERR_PROBE_PROTOCOL', message: 'bad response' },
  outcomes: [
    { ruleId: 'origin-reflection', status: 'error', reason: 'all 6 probes of this rule failed (ERR_PROBE_PROTOCOL)' },
    { ruleId: 'missing-vary', status: 'pass' },
  ],
});

describe('merge applies the per-rule gate of scan to partial targets', () => {
  it('a shard with a partial target whose gating rule could not judge it: merge exits 2 with the note scan prints', async () => {
    const files = [shard(1, clean), shard(2, partial)];
    const run = await runCorscan(['merge', ...files, '--fail-on', 'high']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('corscan: https://b.example.test/ was checked only in part: 40 of 41 probes failed (ERR_PROBE_PROTOCOL bad response); not judged: origin-reflection');
    expect(run.stderr).toMatch(/exit 2: a rule at or above --fail-on could not judge 1 of 2 targets/);
    // The merged report is still written.
    expect(JSON.parse(run.stdout).targets).toHaveLength(2);
  });

  it('--allow-unreachable judges what was checked; a rule below --fail-on never gates', async () => {
    const files = [shard(1, clean), shard(2, partial)];
    const allowed = await runCorscan(['merge', ...files, '--fail-on', 'high', '--allow-unreachable']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('was checked only in part');
    const critical = await runCorscan(['merge', ...files, '--fail-on', 'critical']);
    expect(critical.code, critical.stderr).toBe(0);
  });
});
