#!/usr/bin/env node
// node bench/render.mjs [--findings 1000] [--repeat 3]   (run by `npm run bench` after the scan bench)
// Times the reporters on a report with many findings: the demo's report (every lab
// policy) copied over more targets until it holds --findings findings, rendered as the
// table piped (no colour, 100 columns) and in a tty (colour, 120 columns), and as JSON,
// markdown, HTML and SARIF for comparison. Then one hostile finding: a 60 KB header value.
// A script, never a test: timings depend on the machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { findings: { type: 'string', default: '1000' }, repeat: { type: 'string', default: '3' } } });
const wanted = Number(values.findings);
const repeat = Number(values.repeat);

const dir = mkdtempSync(join(tmpdir(), 'corscan-bench-render-'));
let base;
try {
  const file = join(dir, 'demo.json');
  const run = spawnSync(process.execPath, [join(root, 'bin/corscan.js'), 'demo', '--format', `json:${file}`, '--fail-on', 'none'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`corscan demo exited ${run.status}: ${run.stderr.slice(-2000)}`);
  base = JSON.parse(readFileSync(file, 'utf8'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Copies the demo's targets (and their findings) under new URLs until there are `count` findings. */
function grow(report, count) {
  const targets = [];
  const findings = [];
  for (let copy = 0; findings.length < count; copy += 1) {
    for (const target of report.targets) {
      const url = `${target.url}copy${copy}/`;
      targets.push({ ...target, url });
      for (const finding of report.findings.filter((f) => f.target === target.url)) findings.push({ ...finding, target: url });
    }
  }
  const kept = findings.slice(0, count);
  return { ...report, targets, findings: kept };
}

const { reporters } = await import(join(root, 'dist/report/index.js'));
const big = grow(base, wanted);

/** Wall-clock and CPU time (user + system) per render: on a busy machine the CPU figure is the program's own cost. */
function time(render) {
  const runs = [];
  const cpu = [];
  let output = '';
  for (let i = 0; i < repeat; i += 1) {
    const started = performance.now();
    const usage = process.cpuUsage();
    output = render();
    const spent = process.cpuUsage(usage);
    runs.push(performance.now() - started);
    cpu.push((spent.user + spent.system) / 1000);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { ms: median(runs), cpuMs: median(cpu), lines: output.split('\n').length - 1, bytes: Buffer.byteLength(output) };
}

const hostileValue = `https://${'a'.repeat(60_000)}.example`;
const hostile = {
  ...base,
  targets: [base.targets[0]],
  findings: [{ ...base.findings[0], target: base.targets[0].url, message: `Access-Control-Allow-Origin is invalid: ${hostileValue}`, data: { value: hostileValue } }],
};

const cases = [
  [`table piped, ${big.findings.length} findings`, () => reporters.table(big, { color: false, columns: 100 })],
  [`table tty (colour, 120 columns), ${big.findings.length} findings`, () => reporters.table(big, { color: true, columns: 120 })],
  [`json, ${big.findings.length} findings`, () => reporters.json(big, { color: false })],
  [`markdown, ${big.findings.length} findings`, () => reporters.markdown(big, { color: false })],
  [`html, ${big.findings.length} findings`, () => reporters.html(big, { color: false })],
  [`sarif, ${big.findings.length} findings`, () => reporters.sarif(big, { color: false })],
  ['table piped, one 60 KB header value', () => reporters.table(hostile, { color: false, columns: 100 })],
];
const rows = cases.map(([name, render]) => {
  const { ms, cpuMs, lines, bytes } = time(render);
  return [name, `${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (median of ${repeat}; ${lines} lines, ${(bytes / 1024).toFixed(0)} KB)`];
});
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`render (${base.targets.length} demo targets grown to ${big.targets.length} targets)`);
for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
