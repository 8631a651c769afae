#!/usr/bin/env node
// Benchmark (prints figures, asserts nothing): the full rule set on each lab policy,
// one target at a time, through the real CLI process against the loopback lab.
// Run after `npm run build`: node scripts/bench-origin-trust.mjs [policy ...]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startLab } from '../dist/lab/lab.js';
import { POLICIES } from '../dist/lab/policies.js';

const run = promisify(execFile);
const bin = new URL('../bin/corscan.js', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const lab = await startLab(POLICIES);
console.log('policy'.padEnd(34), 'requests', 'scan ms', 'process ms');
try {
  for (const policy of POLICIES.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
    const args = [bin, 'scan', lab.targetOf(policy), ...lab.resolve.flatMap((r) => ['--resolve', r]), '--format', 'json'];
    if (policy.scheme === 'https') args.push('--insecure');
    for (const origin of policy.trustedOrigins ?? []) args.push('--trusted-origin', origin);
    const started = performance.now();
    const { stdout } = await run(process.execPath, args).catch((error) => error);
    const report = JSON.parse(stdout);
    console.log(policy.name.padEnd(34), String(report.targets[0].requests).padStart(8), String(report.durationMs).padStart(7), String(Math.round(performance.now() - started)).padStart(10));
  }
} finally {
  await lab.close();
}
