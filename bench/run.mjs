#!/usr/bin/env node
// npm run bench [-- --targets 10000 --big 100000 --only probes,slow,throughput,memory]
// Starts loopback servers, scans them with the built CLI (dist/) as a separate process
// and prints figures. A script, never a test: timings depend on the machine, so every
// figure is printed with the 1-minute load average it was measured under, and
// before/after pairs come from the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'corscan.js');
const { values } = parseArgs({
  options: {
    // Targets of the throughput run and of the smaller memory run.
    targets: { type: 'string', default: '10000' },
    // Targets of the larger memory run; 0 skips it.
    big: { type: 'string', default: '100000' },
    hosts: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    // Alternating rounds of the throughput comparison (corscan, then the two ceilings); medians are compared.
    rounds: { type: 'string', default: '3' },
    'per-host': { type: 'string', default: '8' },
    // Lab policies of the memory runs (comma-separated); default all. Cheaper policies
    // (reflect-any: ~24 requests a target) make a 100,000-target run affordable.
    'memory-policies': { type: 'string', default: '' },
    // Output modes of the memory runs: jsonl (to stdout), json (-o file).
    'memory-formats': { type: 'string', default: 'jsonl,json' },
    // How the --targets memory run reaches the lab: network (a loopback server), in-process
    // (undici's Agent answered from the lab policies in the scanning process,
    // bench/in-process-lab.mjs), or both (network,in-process).
    'memory-transport': { type: 'string', default: 'network' },
    // The same for the --big run: over sockets, 100,000 targets take hours on a shared machine.
    'big-transport': { type: 'string', default: 'in-process' },
    only: { type: 'string', default: 'probes,slow,throughput,memory' },
  },
});
const sections = new Set(values.only.split(','));
const hostCount = Number(values.hosts);

const { POLICIES } = await import(join(root, 'dist/lab/policies.js'));
const { startLabServer } = await import(join(root, 'dist/lab/server.js'));
const { startLab } = await import(join(root, 'dist/lab/lab.js'));
const { LAB_FRONTEND } = await import(join(root, 'dist/lab/policy.js'));

const dir = mkdtempSync(join(tmpdir(), 'corscan-bench-'));
const load = () => `load ${loadavg()[0].toFixed(1)}`;
const rows = [];
const row = (name, value) => {
  rows.push([name, value]);
  process.stderr.write(`bench: ${name}: ${value}\n`);
};

/** Runs the built CLI in a child process; resolves with its stderr, wall time and the JSON report (if any). */
async function corscan(args, { report, nodeArgs = [] } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`corscan exited ${code}: ${stderr.slice(-2000)}`);
  return { stderr, wallMs, report: report ? JSON.parse(readFileSync(report, 'utf8')) : undefined };
}

const requestsOf = (report) => report.targets.reduce((sum, target) => sum + target.requests, 0);

/** Requests per target on a reflect-all server, a correct one, and the mean over every lab policy. */
async function probes() {
  const lab = await startLab(POLICIES);
  try {
    const file = join(dir, 'probes.json');
    const { report } = await corscan(
      [
        'scan',
        ...POLICIES.map((policy) => lab.targetOf(policy)),
        ...lab.resolve.flatMap((entry) => ['--resolve', entry]),
        '--insecure',
        '--trusted-origin',
        LAB_FRONTEND,
        '--format',
        `json:${file}`,
        '--fail-on',
        'none',
        '--quiet',
      ],
      { report: file },
    );
    const of = (name) => report.targets.find((target) => target.url.includes(`/${name}/`)).requests;
    row(
      'requests per target',
      `reflect-all ${of('reflect-any')}, correct (allowlist-exact) ${of('allowlist-exact')}, mean over ${report.targets.length} lab policies ${(requestsOf(report) / report.targets.length).toFixed(1)} (${load()})`,
    );
  } finally {
    await lab.close();
  }
}

/**
 * A server answering like an exact allowlist after `delay(inFlight)` ms; counts the
 * most requests it ever had in flight. `queue`: one request at a time, the rest
 * wait (latency grows with load); otherwise every request waits the same.
 */
async function startSlowServer(ms, { queue = false } = {}) {
  let inFlight = 0;
  let maxInFlight = 0;
  let freeAt = 0;
  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    request.resume();
    const now = performance.now();
    const endsAt = queue ? Math.max(now, freeAt) + ms : now + ms;
    if (queue) freeAt = endsAt;
    setTimeout(() => {
      inFlight -= 1;
      const origin = request.headers.origin;
      response.writeHead(200, origin === LAB_FRONTEND ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' }).end('{}');
    }, endsAt - now);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    takeMaxInFlight: () => {
      const value = maxInFlight;
      maxInFlight = 0;
      return value;
    },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

/** Time for one 2 s-latency target, fixed cap 6 (before) and adaptive (after); and a server that slows under load. */
async function slow() {
  // The scan's own duration (the report's durationMs): a cold process on a busy machine
  // takes seconds to start, the same for both runs.
  const scanOne = async (server, limits) => {
    const { report } = await corscan([
      'scan',
      `http://slow.victim.test:${server.port}/v1/me`,
      '--resolve',
      `slow.victim.test:${server.port}:127.0.0.1`,
      '--trusted-origin',
      LAB_FRONTEND,
      '--format',
      'json',
      '--output',
      join(dir, 'slow.json'),
      '--fail-on',
      'none',
      '--quiet',
      '--timeout',
      '30',
      ...limits,
    ], { report: join(dir, 'slow.json') });
    return { seconds: report.durationMs / 1000, maxInFlight: server.takeMaxInFlight() };
  };
  const fixed = ['--per-host', '6', '--max-per-host', '6'];
  const flat = await startSlowServer(2000);
  try {
    const before = await scanOne(flat, fixed);
    const after = await scanOne(flat, []);
    // The most the defaults allow: 16 at once from the first probe. A scan's stages (the second
    // is planned from the first's answers) and the repeats after them are round trips that no
    // limit can merge, so this is what "sooner" is measured against.
    const ceiling = await scanOne(flat, ['--per-host', '16', '--max-per-host', '16']);
    row(
      'one 2 s-latency target',
      `fixed 6 per host ${before.seconds.toFixed(1)} s, adaptive (6 → 16) ${after.seconds.toFixed(1)} s: ${(before.seconds / after.seconds).toFixed(2)}x sooner; most in flight ${before.maxInFlight} → ${after.maxInFlight}; fixed 16 from the start ${ceiling.seconds.toFixed(1)} s (${(before.seconds / ceiling.seconds).toFixed(2)}x) (${load()})`,
    );
  } finally {
    await flat.close();
  }
  const queueing = await startSlowServer(40, { queue: true });
  try {
    const before = await scanOne(queueing, fixed);
    const after = await scanOne(queueing, []);
    row(
      'one target, server that slows under load (one request at a time, 40 ms each)',
      `fixed 6 per host ${before.seconds.toFixed(1)} s, adaptive ${after.seconds.toFixed(1)} s; most in flight ${before.maxInFlight} → ${after.maxInFlight} (${load()})`,
    );
  } finally {
    await queueing.close();
  }
}

/** A targets file over the lab's many paths: `count` targets spread over the host names and `policies`. */
function targetsFile(name, count, port, policies) {
  const hosts = Array.from({ length: hostCount }, (_, i) => `api${i + 1}.victim.test`);
  const file = join(dir, name);
  // Written in chunks: 100,000 lines must not be one string per line held at once.
  const lines = [];
  writeFileSync(file, '');
  for (let i = 0; i < count; i += 1) {
    lines.push(`http://${hosts[i % hosts.length]}:${port}/${policies[i % policies.length].name}/items/${i}`);
    if (lines.length === 10_000 || i === count - 1) {
      writeFileSync(file, `${lines.join('\n')}\n`, { flag: 'a' });
      lines.length = 0;
    }
  }
  return { file, resolve: hosts.flatMap((host) => ['--resolve', `${host}:${port}:127.0.0.1`]) };
}

const scaleArgs = (limits = ['--per-host', values['per-host']]) => ['--trusted-origin', LAB_FRONTEND, '--fail-on', 'none', '--concurrency', values.concurrency, ...limits, '--max-host-errors', '0', '--verbose'];

/** Requests in flight per host in the throughput comparison, for corscan (a fixed cap) and for bare undici alike. */
const THROUGHPUT_PER_HOST = 16;

/**
 * corscan's requests/s on the lab against bare undici sending as many requests to the
 * same server, each in its own process, one after the other in the same run. Fair: the
 * same in-flight requests (corscan with a fixed cap of THROUGHPUT_PER_HOST per host, not
 * the adaptive limit; bare undici with as many per host), keep-alive connections (undici
 * Agents with pipelining 1 and the same connection count per origin), every body read.
 * The ceiling sends the requests corscan sent (methods, URLs, headers, from a --record of
 * the same scan, made in a run of its own before the timed one): the lab answers a
 * preflight with more work than a GET, and undici closes the connection after every HEAD.
 * The older ceiling, GETs with an Origin only, is printed too. The three alternate for
 * --rounds rounds and the medians are compared: on a shared machine one client's run can
 * land on a busy second and the other's on a quiet one.
 */
async function throughput() {
  const httpPolicies = POLICIES.filter((policy) => policy.scheme !== 'https');
  const lab = await startLabServer(httpPolicies);
  try {
    const count = Math.min(Number(values.targets), 2000);
    const targets = targetsFile('throughput.txt', count, lab.port, httpPolicies);
    const report = join(dir, 'throughput.json');
    const perHost = String(THROUGHPUT_PER_HOST);
    const fixed = ['--per-host', perHost, '--max-per-host', perHost];
    const recording = join(dir, 'throughput.recording.json');
    await corscan(['scan', '--targets', targets.file, ...targets.resolve, '--format', `json:${report}`, '--record', recording, ...scaleArgs(fixed)]);
    const scan = async () => {
      const run = await corscan(['scan', '--targets', targets.file, ...targets.resolve, '--format', `json:${report}`, ...scaleArgs(fixed)], { report });
      return { requests: requestsOf(run.report), rate: requestsOf(run.report) / (run.report.durationMs / 1000), load: load() };
    };
    const first = await scan();
    const requests = first.requests;
    const ceiling = (mode, file) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [join(root, 'bench/raw-undici.mjs'), mode, file, String(requests), String(hostCount * THROUGHPUT_PER_HOST), perHost], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
        child.on('close', (code) => (code === 0 ? resolve({ ...JSON.parse(out), load: load() }) : reject(new Error(`raw-undici exited ${code}`))));
      });
    const rounds = { scan: [first], same: [await ceiling('replay', recording)], gets: [await ceiling('get', targets.file)] };
    for (let round = 1; round < Number(values.rounds); round += 1) {
      rounds.scan.push(await scan());
      rounds.same.push(await ceiling('replay', recording));
      rounds.gets.push(await ceiling('get', targets.file));
    }
    const median = (runs) => [...runs].sort((a, b) => a.rate - b.rate)[Math.floor(runs.length / 2)];
    const rates = (runs) => runs.map((run) => Math.round(run.rate)).join(' / ');
    const [scanRate, same, gets] = [median(rounds.scan).rate, median(rounds.same), median(rounds.gets)];
    const setup = `${hostCount * THROUGHPUT_PER_HOST} in flight, one keep-alive Agent with ${perHost} connections per host, bodies read`;
    row(
      'requests/s vs the raw-undici ceiling',
      `medians of ${rounds.scan.length} alternating rounds: corscan ${Math.round(scanRate)} req/s (${rates(rounds.scan)}; ${count} targets, ${requests} requests, --concurrency ${values.concurrency} --per-host ${perHost} --max-per-host ${perHost}), ` +
        `raw undici ${Math.round(same.rate)} req/s (${rates(rounds.same)}; the same ${requests} requests corscan sent, replayed from its --record: methods, URLs, headers; ${setup}): ratio ${(scanRate / same.rate).toFixed(2)}; ` +
        `against ${Math.round(gets.rate)} req/s of GETs with an Origin over the same URLs (${rates(rounds.gets)}): ${(scanRate / gets.rate).toFixed(2)} (${load()})`,
    );
  } finally {
    await lab.close();
  }
}

/** Peak RSS for `count` targets, with --format jsonl to stdout and with --format json -o file. */
async function memory() {
  const names = values['memory-policies'] ? values['memory-policies'].split(',') : [];
  const httpPolicies = POLICIES.filter((policy) => policy.scheme !== 'https' && (names.length === 0 || names.includes(policy.name)));
  const lab = await startLabServer(httpPolicies);
  try {
    for (const count of [Number(values.targets), Number(values.big)].filter((n) => n > 0)) {
      const targets = targetsFile(`memory-${count}.txt`, count, lab.port, httpPolicies);
      const formats = values['memory-formats'].split(',');
      const runs = [
        ...(formats.includes('jsonl') ? [['--format', 'jsonl']] : []),
        ...(formats.includes('json') ? [['--format', 'json', '--output', join(dir, `memory-${count}.json`)]] : []),
      ];
      const transports = (count === Number(values.targets) ? values['memory-transport'] : values['big-transport']).split(',');
      for (const [format, transport] of runs.flatMap((format) => transports.map((transport) => [format, transport]))) {
        const inProcess = transport === 'in-process' ? ['--import', pathToFileURL(join(root, 'bench/in-process-lab.mjs')).href] : [];
        const run = await corscan(['scan', '--targets', targets.file, ...targets.resolve, ...format, ...scaleArgs()], {
          nodeArgs: ['--expose-gc', '-r', join(root, 'bench/live-heap.cjs'), ...inProcess],
        });
        const rss = /peak RSS (\d+) MB/.exec(run.stderr)?.[1];
        const live = /live heap after scan (\d+) MB/.exec(run.stderr)?.[1];
        const quarters = /RSS by quarter of the run ([\d /]+) MB/.exec(run.stderr)?.[1];
        const makeup = /at the largest sample (heap .*)/.exec(run.stderr)?.[1];
        const rate = /(\d+) requests\/s/.exec(run.stderr)?.[1];
        const requests = /targets, (\d+) requests in/.exec(run.stderr)?.[1];
        row(
          `peak RSS, ${count} targets, ${format.slice(0, 2).join(' ')}${format.length > 2 ? ' -o file' : ''}, ${transport === 'in-process' ? 'lab in-process (no sockets)' : 'loopback lab'}`,
          `${rss} MB (largest RSS per quarter of the run ${quarters} MB; at the largest sample ${makeup}; live heap after the scan ${live} MB; ${requests} requests, ${rate} req/s, ${(run.wallMs / 1000).toFixed(0)} s, ${httpPolicies.length} policies) (${load()})`,
        );
      }
    }
  } finally {
    await lab.close();
  }
}

try {
  row('machine', `${cpus().length} cores, Node ${process.version}`);
  if (sections.has('probes')) await probes();
  if (sections.has('slow')) await slow();
  if (sections.has('throughput')) await throughput();
  if (sections.has('memory')) await memory();
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
