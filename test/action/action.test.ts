import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LAB_HOST } from '../../src/lab/policy.js';
import { BIN } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';
import { testDir } from '../helpers/temp-dir.js';

interface Step {
  id?: string;
  name: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Action {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
}

const root = new URL('../../', import.meta.url);
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as Action;
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
const stepById = (id: string) => action.runs.steps.find((step) => step.id === id)!;

/** Evaluates the only expressions step env uses: `${{ inputs.x }}` and `${{ steps.scan.outputs.x }}`. */
function evaluateEnv(env: Record<string, string>, inputs: Record<string, string>, outputs: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, expression] of Object.entries(env)) {
    values[name] = expression.replace(/\$\{\{\s*(inputs|steps\.scan\.outputs)\.([\w-]+)\s*\}\}/g, (_m, scope: string, key: string) =>
      scope === 'inputs' ? (inputs[key] ?? action.inputs[key]?.default ?? '') : (outputs[key] ?? ''),
    );
  }
  return values;
}

/** Runs one run: step with bash, as the runner would, with the local bin in place of npx. */
function runStep(step: Step, env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = step.run!.replace(/npx --yes "corscan@\$\{INPUT_VERSION\}"/, `node "${BIN}"`);
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env: { PATH: process.env['PATH'], NO_COLOR: '1', ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

const dir = testDir('action');

/** The action's scan step, then its gate step, in a fresh workspace; returns outputs and the gate's exit code. */
async function runAction(inputs: Record<string, string>, lab: Lab, workspace = mkdtempSync(join(dir, 'workspace-'))) {
  const runnerTemp = mkdtempSync(join(dir, 'runner-'));
  const githubOutput = join(runnerTemp, 'output.txt');
  const summary = join(runnerTemp, 'summary.md');
  writeFileSync(githubOutput, '');
  const runnerEnv = {
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: githubOutput,
    GITHUB_STEP_SUMMARY: summary,
    // Lab host names map to loopback, as in every CLI test.
    CORSCAN_RESOLVE: `${LAB_HOST}:${lab.port}:127.0.0.1`,
  };
  const scan = await runStep(stepById('scan'), { ...evaluateEnv(stepById('scan').env!, inputs), ...runnerEnv }, workspace);
  const outputs = Object.fromEntries(
    readFileSync(githubOutput, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const gateStep = action.runs.steps.at(-1)!;
  const gate = await runStep(gateStep, evaluateEnv(gateStep.env!, inputs, outputs), workspace);
  return { scan, outputs, gate, workspace, summary };
}

// Each test spawns several CLI processes (the PR gate test four action runs, each bash + corscan + node):
// on a loaded 2-core machine that can take over a minute.
const SPAWNING = 120_000;

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => lab.close());

describe('action.yml', () => {
  it('is a composite action on Node 24 that runs the pinned corscan release through npx', () => {
    expect(action.runs.using).toBe('composite');
    const setup = action.runs.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))!;
    expect(String(setup.with!['node-version'])).toBe('24');
    expect(stepById('scan').run).toMatch(/npx --yes "corscan@\$\{INPUT_VERSION\}"/);
    expect(action.inputs['version']!.default).toBe(pkg.version);
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toMatch(/inputs\.upload-sarif == 'true'/);
  });

  it('never interpolates an expression inside run: (inputs reach the shell only through env)', () => {
    for (const step of action.runs.steps) if (step.run) expect(step.run, step.name).not.toContain('${{');
  });

  it('a PR gate: fails on findings, writes JSON, SARIF and the job summary, and passes again once they are in the baseline', async () => {
    const targets = `${lab.targetOf('reflect-any')}\n${lab.targetOf('no-cors')}`;
    const first = await runAction({ targets, 'fail-on': 'high' }, lab);
    expect(first.scan.code).toBe(0); // the scan step never fails, so SARIF can be uploaded first
    expect(first.outputs).toMatchObject({ 'exit-code': '1', 'report-json': 'corscan.json', 'report-sarif': 'corscan.sarif', 'sarif-upload': 'true' });
    expect(Number(first.outputs['findings-count'])).toBeGreaterThan(0);
    expect(first.gate.code).toBe(1);
    expect(first.gate.stdout).toContain('::error title=corscan::');
    expect(first.scan.stdout).toContain('origin-reflection'); // the table in the log
    expect(readFileSync(first.summary, 'utf8')).toContain('## corscan report');
    const sarif = JSON.parse(readFileSync(join(first.workspace, 'corscan.sarif'), 'utf8')) as { runs: Array<{ results: unknown[]; automationDetails?: { id: string } }> };
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    // The category input reaches the SARIF run (--sarif-category through CORSCAN_SARIF_CATEGORY).
    expect(sarif.runs[0]!.automationDetails).toEqual({ id: 'corscan/' });

    // The accepted state becomes the baseline: the same findings no longer fail the job. (Which
    // findings count as new, and which of them fail, is corscan's gate: test/cli/ci-gate.test.ts
    // and test/engine/gate.test.ts. Here: the inputs reach it.)
    writeFileSync(join(first.workspace, 'baseline.json'), readFileSync(join(first.workspace, 'corscan.json')));
    const same = await runAction({ targets, baseline: 'baseline.json', 'fail-on-new': 'true' }, lab, first.workspace);
    expect(same.outputs['exit-code']).toBe('0');
    expect(same.gate.code).toBe(0);
    const report = JSON.parse(readFileSync(join(first.workspace, 'corscan.json'), 'utf8')) as { options: Record<string, unknown>; baseline?: { file: string } };
    expect(report.options).toMatchObject({ failOnNew: true });
    expect(report.baseline?.file).toBe('baseline.json');
  }, SPAWNING);

  it('a run that checked nothing is not uploaded: its empty results would close every open alert', async () => {
    const run = await runAction({ targets: 'http://127.0.0.1:1/' }, lab);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs['sarif-upload']).toBe('false');
    expect(run.scan.stdout).toContain('::warning title=corscan::no target could be checked');
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toMatch(/steps\.scan\.outputs\.sarif-upload == 'true'/);
  }, SPAWNING);

  it('a clean target passes, and a shell-looking input stays data', async () => {
    const run = await runAction({ targets: `${lab.targetOf('no-cors')}\n# $(touch pwned) \`touch pwned\``, 'fail-on': 'low' }, lab);
    expect(run.gate.code).toBe(0);
    expect(run.outputs['findings-count']).toBe('0');
    expect(() => readFileSync(join(run.workspace, 'pwned'))).toThrow();
  }, SPAWNING);
});
