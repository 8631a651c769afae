#!/usr/bin/env node
// npm run bench [-- --targets 10000 --concurrency 16 --per-host 8]
// Starts a loopback lab (every lab policy, several host names mapped with --resolve),
// scans it with the built CLI (dist/) and the full rule set, and prints figures.
// A script, never a test: timings depend on the machine.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'corscan.js');
const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '10000' },
    hosts: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    'per-host': { type: 'string', default: '8' },
    // e.g. --node-options=--max-old-space-size=64 to show the scan's memory is garbage, not retained.
    'node-options': { type: 'string', default: '' },
  },
});
const targetCount = Number(values.targets);
const hostCount = Number(values.hosts);

const { POLICIES } = await import(join(root, 'dist/lab/policies.js'));
const { startLabServer } = await import(join(root, 'dist/lab/server.js'));
const { LAB_FRONTEND } = await import(join(root, 'dist/lab/policy.js'));

const lab = await startLabServer(POLICIES);
const dir = mkdtempSync(join(tmpdir(), 'corscan-bench-'));
try {
  const hosts = Array.from({ length: hostCount }, (_, i) => `api${i + 1}.victim.test`);
  const lines = Array.from({ length: targetCount }, (_, i) => {
    const policy = POLICIES[i % POLICIES.length].name;
    return `http://${hosts[i % hosts.length]}:${lab.port}/${policy}/items/${i}`;
  });
  const targetsFile = join(dir, 'targets.txt');
  writeFileSync(targetsFile, `${lines.join('\n')}\n`);
  const reportFile = join(dir, 'report.json');
  const args = [
    bin, 'scan', '--targets', targetsFile,
    ...hosts.flatMap((host) => ['--resolve', `${host}:${lab.port}:127.0.0.1`]),
    '--trusted-origin', LAB_FRONTEND,
    '--format', 'json', '--output', reportFile, '--fail-on', 'none',
    '--concurrency', values.concurrency, '--per-host', values['per-host'],
    '--max-host-errors', '0', '--verbose',
  ];

  const started = performance.now();
  const nodeArgs = ['--expose-gc', '-r', join(root, 'bench/live-heap.cjs'), ...(values['node-options'] ? [values['node-options']] : [])];
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  if (code !== 0) {
    process.stderr.write(stderr.slice(-2000));
    throw new Error(`corscan exited ${code}`);
  }

  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const requests = report.targets.reduce((sum, target) => sum + target.requests, 0);
  const perTarget = [...stderr.matchAll(/ requests (\d+) ms /g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const pct = (p) => perTarget[Math.min(perTarget.length - 1, Math.floor((p / 100) * perTarget.length))];
  const rss = /peak RSS (\d+) MB/.exec(stderr)?.[1];
  const live = /live heap after scan (\d+) MB/.exec(stderr)?.[1];
  const scanSeconds = report.durationMs / 1000;

  // Cold start: a fresh process printing its version, against bare `node -e 0`, run
  // alternately 21 times. Median and minimum: on a busy machine the minimum is the
  // better estimate of the program's own cost.
  const time = (argv) => {
    const t = performance.now();
    spawnSync(process.execPath, argv);
    return performance.now() - t;
  };
  const coldRuns = [];
  const bareRuns = [];
  for (let i = 0; i < 21; i += 1) {
    bareRuns.push(time(['-e', '0']));
    coldRuns.push(time([bin, '--version']));
  }
  const stat = (runs) => {
    const sorted = [...runs].sort((a, b) => a - b);
    return `median ${Math.round(sorted[10])} ms, min ${Math.round(sorted[0])} ms`;
  };

  const rows = [
    ['machine', `${cpus().length} cores, Node ${process.version}`],
    ['lab', `${POLICIES.length} policies x ${hostCount} host names, ${targetCount} targets, full rule set (${report.options.rules.length} rules)`],
    ['targets scanned', `${report.targets.length} (${report.findings.length} findings)`],
    ['scan time', `${scanSeconds.toFixed(2)} s (process wall ${(wallMs / 1000).toFixed(2)} s)`],
    ['targets/s', Math.round(report.targets.length / scanSeconds)],
    ['requests/s', Math.round(requests / scanSeconds)],
    ['requests per target', (requests / report.targets.length).toFixed(2)],
    ['per-target ms p50 / p95', `${pct(50)} / ${pct(95)}`],
    ['peak RSS', `${rss} MB (live heap after the scan: ${live} MB)`],
    ['cold start (corscan --version)', `${stat(coldRuns)} (bare node -e 0: ${stat(bareRuns)})`],
    ['load average (1 min)', loadavg()[0].toFixed(1)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
} finally {
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
}
