import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICIES } from '../../src/lab/policies.js';
import { LAB_FRONTEND, LAB_HOST } from '../../src/lab/policy.js';
import type { ScanReport } from '../../src/model/report.js';
import { BIN, runCorscan, type CliRun } from '../helpers/cli.js';
import { startCountingServer, type CountingServer } from '../helpers/counting-server.js';
import { startLab, type Lab } from '../helpers/lab.js';
import { testDir } from '../helpers/temp-dir.js';

const dir = testDir('scale');
let lab: Lab;
let slow: CountingServer;
beforeAll(async () => {
  lab = await startLab();
  slow = await startCountingServer(150);
});
afterAll(async () => {
  await lab.close();
  await slow.close();
});

/**
 * Fifteen http lab policies (the https ones need another port and --insecure): findings of every
 * severity, learned origins, refused preflights, a redirect and a clean target. Sharding, merging,
 * recording and replaying do not depend on which rules fire, and every policy is scanned end to
 * end in test/e2e/policies.test.ts: the whole lab here would only cost CPU (four scans of it).
 */
const SAMPLE = [
  'reflect-any-with-credentials', 'null-allowed', 'duplicate-acao', 'acao-trailing-slash', 'missing-vary-origin',
  'allowlist-exact-with-credentials', 'wildcard-public', 'no-cors', 'unescaped-dot-regex', 'allowlist-learned',
  'preflight-404', 'max-age-ten-days', 'cors-2xx-only', 'redirect-trailing-slash', 'localhost-dev-origins',
];
const HTTP_POLICIES = POLICIES.filter((policy) => SAMPLE.includes(policy.name));

function labTargets(): string[] {
  const file = join(dir, 'lab-targets.txt');
  writeFileSync(file, HTTP_POLICIES.flatMap((policy) => [`${lab.targetOf(policy.name)}p1`]).join('\n'));
  return ['--targets', file, '--resolve', `${LAB_HOST}:${lab.port}:127.0.0.1`, '--trusted-origin', LAB_FRONTEND];
}

const parse = (text: string) => JSON.parse(text) as ScanReport;
/** Findings without the one volatile value, the server's Date header in the evidence. */
const stable = (report: ScanReport) =>
  report.findings.map((finding) => ({
    ...finding,
    evidence: finding.evidence.map((e) => ({ ...e, response: e.response && { ...e.response, headers: e.response.headers.filter(([name]) => name.toLowerCase() !== 'date') } })),
  }));
const totals = (report: ScanReport) => ({
  targets: report.targets.length,
  findings: report.findings.length,
  requests: report.targets.reduce((sum, t) => sum + t.requests, 0),
});

/** One unsharded run and its three shards, made once for whichever test asks first (tests never rely on each other's order). */
let shardRuns: Promise<{ whole: CliRun; shards: CliRun[] }> | undefined;
function scanShards() {
  shardRuns ??= (async () => ({
    whole: await runCorscan(['scan', ...labTargets(), '--format', 'json', '--output', join(dir, 'whole.json')]),
    shards: await Promise.all(
      [1, 2, 3].map((i) => runCorscan(['scan', ...labTargets(), '--shard', `${i}/3`, '--format', 'json', '--output', join(dir, `shard-${i}.json`)])),
    ),
  }))();
  return shardRuns;
}

describe('shard and merge', () => {
  it('corscan merge of every shard equals one unsharded run', async () => {
    const { whole, shards } = await scanShards();
    const wholeReport = parse(readFileSync(join(dir, 'whole.json'), 'utf8'));
    const shardReports = [1, 2, 3].map((i) => parse(readFileSync(join(dir, `shard-${i}.json`), 'utf8')));
    // Every shard got a real share, and no target twice.
    for (const report of shardReports) expect(report.targets.length).toBeGreaterThan(0);
    expect(shardReports.reduce((sum, r) => sum + r.targets.length, 0)).toBe(HTTP_POLICIES.length);

    const merged = await runCorscan(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}.json`)), '--format', 'json']);
    const mergedReport = parse(merged.stdout);
    expect(stable(mergedReport)).toEqual(stable(wholeReport));
    expect(mergedReport.findings.map((f) => f.fingerprint)).toEqual(wholeReport.findings.map((f) => f.fingerprint));
    expect(mergedReport.targets).toEqual(wholeReport.targets);
    expect(totals(mergedReport)).toEqual(totals(wholeReport));
    expect(mergedReport.shard).toBeUndefined();
    expect(mergedReport.$schema).toMatch(/\/schema\/report\.schema\.json$/);
    // Same gate: the exit code of the merge is the exit code of the whole run.
    expect(merged.code).toBe(whole.code);
    // Each shard's report went to a file: stderr holds only the run's summary and the path written.
    for (const run of shards) expect(run.stderr).toMatch(/^corscan: \d+ targets? scanned, \d+ requests in \d+ ms: .*\ncorscan: wrote json report to \S+shard-\d\.json\n$/);
  });

  it('merging an incomplete set of shards exits 2 unless --allow-incomplete; merging a report twice is refused', async () => {
    await scanShards();
    const partial = await runCorscan(['merge', join(dir, 'shard-1.json'), join(dir, 'shard-2.json'), '--fail-on', 'none']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/not every shard of 3 is present; the merged report is incomplete \(exit 2; --allow-incomplete to accept it\)/);
    expect(JSON.parse(partial.stdout).shard).toEqual({ index: 0, count: 3 });
    const accepted = await runCorscan(['merge', join(dir, 'shard-1.json'), join(dir, 'shard-2.json'), '--fail-on', 'none', '--allow-incomplete']);
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toMatch(/warning: not every shard of 3 is present/);
    const twice = await runCorscan(['merge', join(dir, 'shard-1.json'), join(dir, 'shard-1.json')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/is in two reports/);
  });
});

const recording = join(dir, 'recording.json');
const secret = ['--header', 'Authorization: Bearer s3cret-token'];
/** The live run that writes the recording, made once for whichever test asks first. */
let recordRun: Promise<CliRun> | undefined;
const recordLive = () => (recordRun ??= runCorscan(['scan', ...labTargets(), ...secret, '--record', recording, '--format', 'json']));

describe('record and replay', () => {
  it('a replay gives the same targets and findings as the live run, without the network', async () => {
    const live = await recordLive();
    const text = readFileSync(recording, 'utf8');
    expect(text).not.toContain('s3cret-token');
    const parsed = JSON.parse(text) as { formatVersion: number; exchanges: Array<{ response?: { headers: [string, string][] } }> };
    expect(parsed.formatVersion).toBe(1);
    expect(parsed.exchanges.length).toBe(totals(parse(live.stdout)).requests);
    expect(Array.isArray(parsed.exchanges[0]!.response!.headers[0])).toBe(true);

    const before = [...lab.requestCounts.values()].reduce((a, b) => a + b, 0);
    // No --resolve: a replay must not need (or reach) the servers.
    const file = labTargets()[1]!;
    const replay = await runCorscan(['scan', '--targets', file, '--trusted-origin', LAB_FRONTEND, ...secret, '--replay', recording, '--format', 'json']);
    expect([...lab.requestCounts.values()].reduce((a, b) => a + b, 0)).toBe(before);
    expect(replay.code).toBe(live.code);
    // The curl lines repeat the run's own --resolve, which the replay run does not pass.
    const withoutResolve = (report: ScanReport) =>
      report.findings.map((f) => ({ ...f, evidence: f.evidence.map((e) => ({ ...e, curl: e.curl.replace(/ --resolve \S+/g, '') })) }));
    expect(withoutResolve(parse(replay.stdout))).toEqual(withoutResolve(parse(live.stdout)));
    expect(parse(replay.stdout).targets).toEqual(parse(live.stdout).targets);
  });

  it('a probe missing from the recording is an error (exit 2), never an empty answer', async () => {
    await recordLive();
    const file = labTargets()[1]!;
    const run = await runCorscan(['scan', '--targets', file, '--trusted-origin', 'https://other.victim.test', '--replay', recording, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^corscan: .*recording\.json has no answer for (simple|preflight):\S+ \(\w+ http:\/\/api\.victim\.test:\d+\/.*\); re-record it with --record$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });
});

describe('interruption', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s mid-scan stops sending and writes a valid partial report, exit 2', async (signal) => {
    const host = `${signal.toLowerCase()}.victim.test`;
    const targets = Array.from({ length: 60 }, (_, i) => `http://${host}:${slow.port}/t${i}`);
    const file = join(dir, `${signal}.txt`);
    writeFileSync(file, targets.join('\n'));
    const output = join(dir, `${signal}.json`);
    const child = spawn(process.execPath, [BIN, 'scan', '--targets', file, '--resolve', `${host}:${slow.port}:127.0.0.1`, '--concurrency', '2', '--verbose', '--format', 'json', '--output', output], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // Interrupt once a few targets are done, while others are in flight.
      if (!sent && (stderr.match(/^corscan: scanned /gm) ?? []).length >= 3) {
        sent = true;
        child.kill(signal);
      }
    });
    // A hang must fail the test, not leave a process behind.
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(guard);
    expect(sent).toBe(true);
    expect(code).toBe(2);
    expect(stderr).toMatch(/partial report/);
    const report = parse(readFileSync(output, 'utf8'));
    expect(report.interrupted).toBe(true);
    expect(report.targets.length).toBeGreaterThanOrEqual(3);
    expect(report.targets.length).toBeLessThan(targets.length);
    const arrived = slow.stats.get(`${host}:${slow.port}`)!.arrivals.length;
    // Stopped sending: far fewer requests than the whole list would need.
    const perTarget = Math.max(...report.targets.map((t) => t.requests));
    expect(arrived).toBeLessThan((targets.length * perTarget) / 2);
    expect(arrived).toBe(report.targets.reduce((sum, t) => sum + t.requests - t.failedRequests, 0));
  });
});

describe('interruption while stdin stays open', () => {
  it('SIGINT ends a scan waiting for more lines on stdin, with a partial report', async () => {
    const host = 'stdin.victim.test';
    const child = spawn(process.execPath, [BIN, 'scan', '--targets', '-', '--resolve', `${host}:${slow.port}:127.0.0.1`, '--verbose', '--format', 'json'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Three targets, and the pipe is left open: the scan then waits for a fourth line.
    child.stdin.write([0, 1, 2].map((i) => `http://${host}:${slow.port}/s${i}\n`).join(''));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    // A hang must fail the test, not leave a process behind: the scan itself may be slow on a loaded
    // machine, but once SIGINT is sent the process has 15 s to write its report and exit.
    let guard = setTimeout(() => child.kill('SIGKILL'), 50_000);
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!sent && (stderr.match(/^corscan: scanned /gm) ?? []).length === 3) {
        sent = true;
        child.kill('SIGINT');
        clearTimeout(guard);
        guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(guard);
    expect(code).toBe(2);
    const report = parse(stdout);
    expect(report.interrupted).toBe(true);
    expect(report.targets).toHaveLength(3);
  });
});

describe('--quiet and --verbose', () => {
  it('--verbose prints a line per target and a summary on stderr; --quiet prints only why the run exits 2', async () => {
    const args = ['scan', lab.targetOf('no-cors'), 'http://127.0.0.1:1/', '--resolve', `${LAB_HOST}:${lab.port}:127.0.0.1`, '--timeout', '2', '--retries', '0', '--format', 'json'];
    const verbose = await runCorscan([...args, '--verbose']);
    expect(verbose.stderr).toMatch(/^corscan: scanned http:\/\/api\.victim\.test:\d+\/no-cors\/ \d+ requests \d+ ms 0 findings$/m);
    expect(verbose.stderr).toMatch(/^corscan: http:\/\/127\.0\.0\.1:1\/ could not be checked: ERR_PROBE_CONNECT/m);
    expect(verbose.stderr).toMatch(/^corscan: 2 targets, \d+ requests in .* requests\/s; per target p50 \d+ ms, p95 \d+ ms; peak RSS \d+ MB\)$/m);
    const quiet = await runCorscan([...args, '--quiet']);
    expect(quiet.code).toBe(2);
    // Only the one line that says why the run exits 2.
    expect(quiet.stderr).toBe('corscan: exit 2: 1 of 2 targets could not be checked (--allow-unreachable judges the rest)\n');
    expect(JSON.parse(quiet.stdout).targets).toHaveLength(2);
    expect((await runCorscan([...args, '--quiet', '--verbose'])).stderr).toMatch(/cannot be used with/);
  });
});

describe('usage errors of the scale options', () => {
  it.concurrent.each([
    [['scan', 'https://x.test/', '--shard', '5/4'], /--shard "5\/4" is not i\/n/],
    [['scan', 'https://x.test/', '--rate-limit', '0'], /--rate-limit must be a number from 0.01 to 10000/],
    [['scan', 'https://x.test/', '--retries', '-1'], /--retries must be a whole number/],
    [['scan', 'https://x.test/', '--replay', '/nonexistent/rec.json'], /--replay \/nonexistent\/rec\.json cannot be read \(ENOENT\)/],
    [['scan', 'https://x.test/', '--record', 'a.json', '--replay', 'b.json'], /cannot be used with/],
    [['scan', '--openapi', '/nonexistent/api.yaml'], /--openapi \/nonexistent\/api\.yaml cannot be read \(ENOENT\)/],
    [['merge'], /missing required argument/],
    [['merge', '/nonexistent/a.json'], /merge input \/nonexistent\/a.json cannot be read \(ENOENT\)/],
  ])('%j → exit 2 with one clear line', async (args, message) => {
    const run = await runCorscan(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
