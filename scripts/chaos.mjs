#!/usr/bin/env node
// npm run chaos: scans every hostile-lab scenario in its own corscan process (next to a
// well-behaved control target) and prints scenario, outcome, seconds and peak RSS.
// Exit 1 when a scenario misses its expected outcome, its time bound or its memory bound.
import Table from 'cli-table3';
import { SCENARIOS } from '../dist/lab/hostile/scenarios.js';
import { boundSeconds, RSS_LIMIT_MB, runScenarios } from '../dist/lab/hostile/run.js';

// Per-probe --timeout; CHAOS_TIMEOUT=1 is enough on an idle machine, 2 leaves room on a busy one.
const timeoutSeconds = Number(process.env.CHAOS_TIMEOUT ?? 2);
const only = process.argv.slice(2);
const table = new Table({ head: ['scenario', 'outcome', 'seconds', 'peak RSS MB', 'exit', 'verdict'], style: { head: [], border: [] } });
let failed = 0;
for (const scenario of SCENARIOS.filter((s) => only.length === 0 || only.includes(s.name))) {
  const { results } = await runScenarios([scenario], { timeoutSeconds });
  for (const result of results) {
    if (result.problems.length) failed += 1;
    table.push([result.scenario, result.outcome, result.seconds.toFixed(2), result.peakRssMb, result.exitCode, result.problems.length ? `FAIL: ${result.problems.join('; ')}` : 'ok']);
  }
}
process.stdout.write(`${table.toString()}\n`);
process.stdout.write(`--timeout ${timeoutSeconds}; bound ${boundSeconds(timeoutSeconds)} s and ${RSS_LIMIT_MB} MB per run; each run also scans a control target that must stay clean.\n`);
process.exitCode = failed ? 1 : 0;
