#!/usr/bin/env node
// npm run chaos: scans every hostile-lab scenario in its own corscan process (next to a
// well-behaved control target), then runs the scenarios that are whole runs of their own (a
// refused --header, SIGINT), and prints scenario, outcome, seconds and peak RSS.
// Exit 1 when a scenario misses its expected outcome, its time bound or its memory bound.
import Table from 'cli-table3';
import { H2_SCENARIOS, SCENARIOS } from '../dist/lab/hostile/scenarios.js';
import { PROCESS_SCENARIOS } from '../dist/lab/hostile/process-scenarios.js';
import { boundSeconds, RSS_LIMIT_MB, runScenarios } from '../dist/lab/hostile/run.js';

// Per-probe --timeout; CHAOS_TIMEOUT=1 is enough on an idle machine, 2 leaves room on a busy one.
const timeoutSeconds = Number(process.env.CHAOS_TIMEOUT ?? 2);
const only = process.argv.slice(2);
const table = new Table({ head: ['scenario', 'outcome', 'seconds', 'peak RSS MB', 'exit', 'verdict'], style: { head: [], border: [] } });
let failed = 0;
const wanted = (scenario) => only.length === 0 || only.includes(scenario.name);
const push = (result) => {
  if (result.problems.length) failed += 1;
  table.push([result.scenario, result.outcome, result.seconds.toFixed(2), result.peakRssMb, result.exitCode, result.problems.length ? `FAIL: ${result.problems.join('; ')}` : 'ok']);
};
for (const scenario of [...SCENARIOS, ...H2_SCENARIOS].filter(wanted)) {
  const { results } = await runScenarios([scenario], { timeoutSeconds });
  results.forEach(push);
}
for (const scenario of PROCESS_SCENARIOS.filter(wanted)) push(await scenario.run({ timeoutSeconds }));
process.stdout.write(`${table.toString()}\n`);
process.stdout.write(`--timeout ${timeoutSeconds}; bound ${boundSeconds(timeoutSeconds)} s and ${RSS_LIMIT_MB} MB per run; each run also scans a control target that must stay clean.\n`);
process.exitCode = failed ? 1 : 0;
