import { afterAll, describe, expect, it } from 'vitest';
import { judgeRuns, runScenarios, type ScenarioResult } from '../../src/lab/hostile/run.js';
import { SCENARIOS, type ScenarioRun } from '../../src/lab/hostile/scenarios.js';

/** Scenarios that need a run-wide flag or environment (--insecure, NODE_EXTRA_CA_CERTS) run alone. */
const ALONE = new Set(['self-signed-insecure', 'self-signed-extra-ca']);

/**
 * Per-probe --timeout for the test runs. One second is enough on an idle machine (npm run chaos
 * uses it), but on a loaded CI runner well-behaved loopback servers then time out too; only the
 * trickling scenarios pay for the margin.
 */
const TIMEOUT = 3;
const BUDGET_MS = (4 * TIMEOUT + 4 + 15) * 1000;

const verdicts = (results: ScenarioResult[]) => Object.fromEntries(results.map((result) => [result.scenario, result.problems]));

describe('hostile lab: every scenario in one run, next to a control target', () => {
  const started: { name: string; run: ScenarioRun }[] = [];
  afterAll(() => Promise.all(started.map(({ run }) => run.close())));

  it('finishes in bounds with the expected outcome per target, the control unaffected, exit 2, loopback only', async () => {
    for (const scenario of SCENARIOS.filter((s) => !ALONE.has(s.name))) started.push({ name: scenario.name, run: await scenario.start() });
    const { results, run, control } = await judgeRuns(started, { timeoutSeconds: TIMEOUT });
    // Every scenario's verdict is empty: status, error code, findings, bound, memory, control, exit code.
    expect(verdicts(results)).toEqual(Object.fromEntries(started.map(({ name }) => [name, []])));
    expect(run.code).toBe(2);
    // Each unreachable or partial target gets one line on stderr naming it and its error code; no stack trace.
    const unreachable = started.filter(({ run: r }) => r.expected.status === 'unreachable');
    const partial = started.filter(({ run: r }) => r.expected.status === 'partial');
    // (The report goes to a file, so stderr also carries the run's summary and the path written.)
    const lines = run.stderr.trim().split('\n').filter((line) => / could not be checked: | was checked only in part: /.test(line));
    expect(lines).toHaveLength(unreachable.length + partial.length);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    for (const { run: r } of unreachable) expect(run.stderr).toContain(`${new URL(r.target).href} could not be checked: ${r.expected.code}`);
    for (const { run: r } of partial) expect(run.stderr).toContain(`${new URL(r.target).href} was checked only in part:`);
    // No request left for a host other than the targets: every connection went to loopback.
    expect(run.violations).toEqual([]);
    // Allowed: the targets, the control, and hosts the targets redirect to (mapped with --resolve), nothing else.
    const redirectPorts = started.flatMap(({ run: r }) => r.args.flatMap((arg, i) => (r.args[i - 1] === '--resolve' ? [arg.split(':')[1]!] : [])));
    const ports = new Set([...[control, ...started.map(({ run: r }) => r.target)].map((target) => new URL(target).port || '80'), ...redirectPorts]);
    expect(run.connections.length).toBeGreaterThan(0);
    for (const connection of run.connections) {
      expect(connection).toMatch(/^(127\.0\.0\.1|::1|api\.corscan-nowhere\.invalid):\d+$/);
      expect(ports).toContain(connection.replace(/^.*:/, ''));
    }
  }, BUDGET_MS);
});

describe('hostile lab: scenarios with run-wide settings', () => {
  it.each([...ALONE])('%s', async (name) => {
    const { results } = await runScenarios(SCENARIOS.filter((s) => s.name === name), { timeoutSeconds: TIMEOUT });
    expect(verdicts(results)).toEqual({ [name]: [] });
  }, BUDGET_MS);

  it('the judge is not blind: a wrong expectation is reported as a problem', async () => {
    const closed = SCENARIOS.find((s) => s.name === 'closed-port')!;
    const run = await closed.start();
    const { results } = await judgeRuns([{ name: 'closed-port', run: { ...run, expected: { status: 'scanned' } } }], { timeoutSeconds: TIMEOUT });
    expect(results[0]!.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^status unreachable \(ERR_PROBE_CONNECT: .*\), expected scanned$/), 'exit 2, expected 0']));
  }, BUDGET_MS);
});
