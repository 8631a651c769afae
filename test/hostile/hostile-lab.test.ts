import { afterAll, describe, expect, it } from 'vitest';
import { PROCESS_SCENARIOS } from '../../src/lab/hostile/process-scenarios.js';
import { expectationsOf, judgeRuns, runScenarios, type ScenarioResult } from '../../src/lab/hostile/run.js';
import { H2_SCENARIOS, SCENARIOS, type Scenario, type ScenarioRun } from '../../src/lab/hostile/scenarios.js';

const named = (...names: string[]) => SCENARIOS.filter((s) => names.includes(s.name));

/**
 * Runs apart from the shared one, side by side: scenarios that need a run-wide flag or
 * environment (--insecure, NODE_EXTRA_CA_CERTS), and the report blow-ups, which cost seconds
 * of CPU each by design (60 KB values through every rule and format) and would stretch the
 * shared run's time bound on a busy machine.
 */
const OWN_RUNS: Record<string, Scenario[]> = {
  '--insecure: a self-signed certificate and the HTTP/2 scenarios': [...named('self-signed-insecure'), ...H2_SCENARIOS],
  'NODE_EXTRA_CA_CERTS': named('self-signed-extra-ca'),
  'report blow-ups: a 60 KB value, 2,000 lines, 60,000 tabs and spaces': named('huge-acao', 'many-acao-lines', 'whitespace-aceh'),
};
const ALONE = new Set(Object.values(OWN_RUNS).flatMap((scenarios) => scenarios.map((scenario) => scenario.name)));

/**
 * Per-probe --timeout for the test runs. One second is enough on an idle machine (npm run chaos
 * uses it), but on a loaded CI runner well-behaved loopback servers then time out too; only the
 * trickling scenarios pay for the margin.
 */
const TIMEOUT = 4;
/**
 * The test shares two cores with the other test files: every time bound gets this much more
 * (a hang still fails). `npm run chaos` judges the strict bounds.
 */
const SLACK = 20;
const JUDGE = { timeoutSeconds: TIMEOUT, slackSeconds: SLACK };
const BUDGET_MS = (4 * TIMEOUT + 4 + SLACK + 10 + 15) * 1000;

const verdicts = (results: ScenarioResult[]) => Object.fromEntries(results.map((result) => [result.scenario, result.problems]));

describe('hostile lab: every scenario in one run, next to a control target', () => {
  const started: { name: string; run: ScenarioRun }[] = [];
  afterAll(() => Promise.all(started.map(({ run }) => run.close())));

  it('finishes in bounds with the expected outcome per target, the control unaffected, exit 2, loopback only', async () => {
    for (const scenario of SCENARIOS.filter((s) => !ALONE.has(s.name))) started.push({ name: scenario.name, run: await scenario.start() });
    const { results, run, control } = await judgeRuns(started, JUDGE);
    // Every scenario's verdict is empty: status, error code, findings, bound, memory, control, exit code, output checks.
    expect(verdicts(results)).toEqual(Object.fromEntries(started.map(({ name }) => [name, []])));
    expect(run.code).toBe(2);
    // Each unreachable or partial target gets one line on stderr naming it and its error code; no stack trace.
    const expectations = started.flatMap(({ run: r }) => expectationsOf(r));
    const unreachable = expectations.filter(({ expected }) => expected.status === 'unreachable');
    const partial = expectations.filter(({ expected }) => expected.status === 'partial');
    // (The report goes to a file, so stderr also carries the run's summary and the path written.)
    const lines = run.stderr.trim().split('\n').filter((line) => / could not be checked: | was checked only in part: /.test(line));
    expect(lines).toHaveLength(unreachable.length + partial.length);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    for (const { target, expected } of unreachable) expect(run.stderr).toContain(`${new URL(target).href} could not be checked: ${expected.code}`);
    for (const { target } of partial) expect(run.stderr).toContain(`${new URL(target).href} was checked only in part:`);
    // No request left for a host other than the targets: every connection went to loopback.
    expect(run.violations).toEqual([]);
    // Allowed: the targets, the control, and hosts the targets redirect to (mapped with --resolve), nothing else.
    const redirectPorts = started.flatMap(({ run: r }) => r.args.flatMap((arg, i) => (r.args[i - 1] === '--resolve' ? [arg.split(':')[1]!] : [])));
    const ports = new Set([...[control, ...expectations.map(({ target }) => target)].map((target) => new URL(target).port || '80'), ...redirectPorts]);
    expect(run.connections.length).toBeGreaterThan(0);
    for (const connection of run.connections) {
      expect(connection).toMatch(/^(127\.0\.0\.1|::1|api\.corscan-nowhere\.invalid):\d+$/);
      expect(ports).toContain(connection.replace(/^.*:/, ''));
    }
  }, BUDGET_MS);
});

// Runs of their own (run-wide settings, a refused start, a signal), at the same time: each mostly waits.
describe.concurrent('hostile lab: scenarios that need a run of their own', () => {
  it.each(Object.entries(OWN_RUNS))('%s', async (_, scenarios) => {
    const { results } = await runScenarios(scenarios, JUDGE);
    expect(verdicts(results)).toEqual(Object.fromEntries(scenarios.map(({ name }) => [name, []])));
  }, BUDGET_MS);

  it.each(PROCESS_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (name, scenario) => {
    const result = await scenario.run(JUDGE);
    expect(verdicts([result])).toEqual({ [name]: [] });
  }, BUDGET_MS);

  it('the judge is not blind: a wrong expectation is reported as a problem', async () => {
    const closed = SCENARIOS.find((s) => s.name === 'closed-port')!;
    const run = await closed.start();
    const { results } = await judgeRuns([{ name: 'closed-port', run: { ...run, expected: { status: 'scanned' } } }], JUDGE);
    expect(results[0]!.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^status unreachable \(ERR_PROBE_CONNECT: .*\), expected scanned$/), 'exit 2, expected 0']));
  }, BUDGET_MS);
});
