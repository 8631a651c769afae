import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanReport, TargetResult } from '../../model/report.js';
import { packageFile } from '../../package-files.js';
import { POLICIES } from '../policies.js';
import { startLabServer } from '../server.js';
import type { Expected, RunOutputs, Scenario, ScenarioRun } from './scenarios.js';

/** The CLI and the loopback guard, run from src/lab/hostile (vitest) or dist/lab/hostile (npm run chaos). */
export const CORSCAN_BIN = fileURLToPath(packageFile('bin/corscan.js'));
export const LAB_GUARD = fileURLToPath(packageFile('scripts/lab-guard.cjs'));

/** A well-behaved lab policy scanned in the same run as every hostile target. */
export const CONTROL_POLICY = 'wildcard-public';

export interface GuardedRun {
  code: number | null;
  /** The signal that ended the process, when one did (ours after `hardLimitSeconds`, or a crash). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set size of the corscan process, in MB. */
  peakRssMb: number;
  /** `host:port` of every connection the process opened. */
  connections: string[];
  /** Lookups or connections that would have left loopback. */
  violations: string[];
  /** Killed after `hardLimitSeconds`: corscan hung. */
  killed: boolean;
}

/** Runs corscan with the loopback guard preloaded, recording time, peak RSS and connections. */
export async function runGuarded(
  args: readonly string[],
  options: { env?: Record<string, string>; hardLimitSeconds: number; onStart?: (child: ChildProcess) => void },
): Promise<GuardedRun> {
  const dir = await mkdtemp(join(tmpdir(), 'corscan-chaos-'));
  const logFile = join(dir, 'lab.log');
  try {
    const started = performance.now();
    const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; killed: boolean }>((resolve) => {
      const child = spawn(process.execPath, ['--require', LAB_GUARD, CORSCAN_BIN, ...args], {
        env: { ...process.env, NO_COLOR: '1', ...options.env, CORSCAN_LAB_LOG: logFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, options.hardLimitSeconds * 1000);
      options.onStart?.(child);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), killed });
      });
    });
    const seconds = (performance.now() - started) / 1000;
    const log = (await readFile(logFile, 'utf8').catch(() => '')).split('\n');
    const rssKb = Number(log.find((line) => line.startsWith('rss '))?.slice(4) ?? 0);
    return {
      ...result,
      seconds,
      peakRssMb: Math.round(rssKb / 1024),
      connections: log.filter((line) => line.startsWith('connect ')).map((line) => line.slice(8)),
      violations: log.filter((line) => line.startsWith('violation ')).map((line) => line.slice(10)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Describes how a target ended, for the chaos table. */
export function outcomeOf(target: TargetResult | undefined): string {
  if (!target) return 'missing from report';
  return target.status === 'scanned' ? 'scanned' : `${target.status} ${target.error?.code ?? ''}`.trim();
}

/** Problems with one target's result against its expectation; empty when it matches. */
export function compareOutcome(target: TargetResult | undefined, findings: readonly string[], expected: Expected): string[] {
  if (!target) return ['target missing from the report'];
  const problems: string[] = [];
  if (target.status !== expected.status) problems.push(`status ${target.status}${target.error ? ` (${target.error.code}: ${target.error.message})` : ""}, expected ${expected.status}`);
  if (expected.code && target.error?.code !== expected.code) problems.push(`error ${target.error?.code ?? 'none'}, expected ${expected.code}`);
  if (expected.message && !expected.message.test(target.error?.message ?? '')) problems.push(`error message "${target.error?.message}" does not match ${expected.message}`);
  for (const rule of expected.findings ?? []) if (!findings.includes(rule)) problems.push(`no ${rule} finding`);
  return problems;
}

export interface ScenarioResult {
  scenario: string;
  outcome: string;
  seconds: number;
  peakRssMb: number;
  exitCode: number | null;
  problems: string[];
}

/** Upper bound of one run: two probe stages of at most `timeout` each (probes run in parallel), plus start-up. */
export const boundSeconds = (timeoutSeconds: number): number => 4 * timeoutSeconds + 4;

/**
 * How a lab run is judged. `slackSeconds` widens every time bound: `npm run chaos` judges the
 * strict bounds on a quiet machine; the test suite shares two cores with other test files, where
 * a starved scheduler is not a hang (a hang still runs into the widened limit and fails).
 */
export interface JudgeOptions {
  timeoutSeconds: number;
  slackSeconds?: number;
  env?: Record<string, string>;
}

/** Peak RSS a run may reach; hostile servers must not make corscan buffer what they send. */
export const RSS_LIMIT_MB = 256;

/** Human formats and the recording each shared run also writes, so scenarios can check what reaches them. */
const FILE_OUTPUTS = ['table', 'markdown', 'sarif', 'html'] as const;

/** Every target a scenario scans, with its expectation: the main one first. */
export function expectationsOf(run: ScenarioRun): { target: string; expected: Expected }[] {
  return [{ target: run.target, expected: run.expected }, ...(run.also ?? [])];
}

/**
 * Runs `runs` (already started) in one corscan process together with a control
 * target, and judges each against its expectation: status, error code, findings,
 * exit code, the time bound, memory, the control target, and loopback-only traffic.
 * Besides the JSON report on stdout the run writes every human format and a recording,
 * which scenario checks read.
 */
export async function judgeRuns(
  named: readonly { name: string; run: ScenarioRun }[],
  options: JudgeOptions,
): Promise<{ results: ScenarioResult[]; run: GuardedRun; control: string }> {
  const lab = await startLabServer(POLICIES);
  const dir = await mkdtemp(join(tmpdir(), 'corscan-chaos-out-'));
  try {
    const control = `http://127.0.0.1:${lab.port}/${CONTROL_POLICY}/`;
    const targets = named.flatMap(({ run }) => expectationsOf(run).map(({ target }) => target));
    const files = Object.fromEntries([...FILE_OUTPUTS, 'recording'].map((kind) => [kind, join(dir, `report.${kind}`)])) as Record<(typeof FILE_OUTPUTS)[number] | 'recording', string>;
    const args = [
      'scan', ...targets, control, '--format', 'json', ...FILE_OUTPUTS.flatMap((format) => ['--format', `${format}:${files[format]}`]), '--record', files.recording,
      // Every target at once: the run's time bound is then one target's, whatever the number of scenarios.
      '--concurrency', String(targets.length + 1),
      '--fail-on', 'none', '--timeout', String(options.timeoutSeconds), ...named.flatMap(({ run }) => run.args),
    ];
    const env = Object.assign({}, options.env, ...named.map(({ run }) => run.env ?? {})) as Record<string, string>;
    const bound = boundSeconds(options.timeoutSeconds) + (options.slackSeconds ?? 0);
    const run = await runGuarded(args, { env, hardLimitSeconds: bound + 10 });
    let report: ScanReport | undefined;
    try {
      report = JSON.parse(run.stdout) as ScanReport;
    } catch {
      report = undefined;
    }
    const read = (file: string) => readFile(file, 'utf8').catch(() => '');
    const outputs: RunOutputs = {
      ...(report ? { report } : {}),
      json: run.stdout,
      table: await read(files.table),
      markdown: await read(files.markdown),
      sarif: await read(files.sarif),
      html: await read(files.html),
      recording: await read(files.recording),
      stderr: run.stderr,
    };
    const shared: string[] = [];
    if (run.killed) shared.push(`hung: killed after ${bound + 10} s`);
    if (run.seconds > bound) shared.push(`took ${run.seconds.toFixed(1)} s, bound ${bound} s`);
    if (run.peakRssMb > RSS_LIMIT_MB) shared.push(`peak RSS ${run.peakRssMb} MB over ${RSS_LIMIT_MB} MB`);
    // The last lines of stderr: a crash's reason comes last, after the targets already reported.
    if (!report) shared.push(`no JSON report (exit ${run.code ?? run.signal}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    if (run.violations.length) shared.push(`left loopback: ${run.violations.join(', ')}`);
    if (/\n\s+at /.test(run.stderr) || /internal error/.test(run.stderr)) shared.push(`crashed: ${run.stderr.slice(0, 200)}`);
    const controlResult = report?.targets.find((target) => target.url === control);
    if (report && (controlResult?.status !== 'scanned' || controlResult.failedRequests !== 0)) shared.push(`control target ${outcomeOf(controlResult)}`);
    const anyUnreachable = named.some(({ run: r }) => expectationsOf(r).some(({ expected }) => expected.status === 'unreachable'));
    const expectedExit = anyUnreachable ? 2 : 0;
    if (run.code !== expectedExit) shared.push(`exit ${run.code ?? run.signal}, expected ${expectedExit}`);
    const judge = (url: string, expected: Expected) => {
      const target = report?.targets.find((t) => t.url === new URL(url).href);
      const findings = report?.findings.filter((finding) => finding.target === target?.url).map((finding) => finding.ruleId) ?? [];
      return { target, problems: report ? compareOutcome(target, findings, expected) : [] };
    };
    const results = named.map(({ name, run: scenario }) => {
      const main = judge(scenario.target, scenario.expected);
      const others = (scenario.also ?? []).flatMap(({ target, expected }) => judge(target, expected).problems.map((problem) => `${new URL(target).pathname}: ${problem}`));
      return {
        scenario: name,
        outcome: outcomeOf(main.target),
        seconds: run.seconds,
        peakRssMb: run.peakRssMb,
        exitCode: run.code,
        problems: [...shared, ...main.problems, ...others, ...(scenario.check?.(main.target, outputs) ?? [])],
      };
    });
    return { results, run, control };
  } finally {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts scenarios, judges them in one run, and stops them again. */
export async function runScenarios(scenarios: readonly Scenario[], options: JudgeOptions) {
  const named: { name: string; run: ScenarioRun }[] = [];
  try {
    for (const scenario of scenarios) named.push({ name: scenario.name, run: await scenario.start() });
    return await judgeRuns(named, options);
  } finally {
    await Promise.all(named.map(({ run }) => run.close()));
  }
}
