import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/report.js';
import { RULES } from '../../src/rules/index.js';
import { API_HOST, scanConfig, tempDir, type Running, type ServerConfig, type Stack } from './harness.js';
import { aiohttp } from './stacks/aiohttp.js';
import { apache } from './stacks/apache.js';
import { caddy } from './stacks/caddy.js';
import { django } from './stacks/django.js';
import { flask } from './stacks/flask.js';
import { nginx } from './stacks/nginx.js';
import { expressStack, fastifyStack, h3Stack, hapiStack, honoStack, koaStack } from './stacks/node.js';
import { rack } from './stacks/rack.js';
import { starlette } from './stacks/starlette.js';

/**
 * Real servers, configured the way their docs and popular answers configure them, scanned by
 * the real CLI. Each configuration's label (`expect`) was made by probing the live server
 * (its `live` field): every listed rule must fire and no other rule may, at any severity.
 * Issue 15: real servers are the truth corscan's rules are tested against.
 */

const STACKS: Stack[] = [nginx, apache, caddy, flask, django, starlette, aiohttp, rack, expressStack, fastifyStack, koaStack, honoStack, hapiStack, h3Stack];
/** Scans at once over every stack: each is ~100 requests; more would only queue on two cores. */
const PARALLEL_SCANS = 8;

interface StackRun {
  reports: Map<string, ScanReport>;
  running?: Running;
  dir?: string;
  error?: unknown;
}
/** What corscan may send without --unsafe-methods (RFC 9110 §9.2.1 safe methods). */
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];
const runs = new Map<string, StackRun>();
const cleanups: Array<() => Promise<void> | void> = [];

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

beforeAll(async () => {
  // Every stack starts at once (each from its own temp dir, as the test's child processes), then
  // every configuration of every stack is scanned through one bounded queue.
  const started = await Promise.all(
    STACKS.map(async (stack) => {
      const temp = tempDir(stack.name);
      cleanups.push(temp.remove);
      const run: StackRun = { reports: new Map() };
      runs.set(stack.name, run);
      try {
        const running = await stack.start(temp.dir);
        run.running = running;
        run.dir = temp.dir;
        cleanups.unshift(running.stop);
        return { stack, running, dir: temp.dir };
      } catch (error) {
        run.error = error;
        return undefined;
      }
    }),
  );
  const jobs = started.flatMap((s) => (s ? s.stack.configs.map((config) => ({ ...s, config })) : []));
  await inParallel(jobs, PARALLEL_SCANS, async ({ stack, running, dir, config }) => {
    const { port, prefix } = running.where(config.name);
    const url = `http://${API_HOST}:${port}${prefix}${config.path ?? 'api/me'}`;
    const run = runs.get(stack.name)!;
    try {
      run.reports.set(config.name, await scanConfig(config, url, port, dir));
    } catch (error) {
      run.error ??= error;
    }
  });
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  if (process.env.CORSCAN_SERVERS_REPORT) writeFileSync(process.env.CORSCAN_SERVERS_REPORT, summary());
}, 30_000);

/**
 * Per stack: configurations (correct ones), expected findings, misses (expected, not found) and
 * unexpected findings (found, not expected), counted by rule id per configuration. Written as a
 * markdown table when CORSCAN_SERVERS_REPORT names a file (the closing note).
 */
function summary(): string {
  const rows = STACKS.map((stack) => {
    const run = runs.get(stack.name)!;
    let expected = 0;
    let misses = 0;
    let unexpected = 0;
    const details: string[] = [];
    for (const config of stack.configs) {
      const report = run.reports.get(config.name);
      const found = new Set(report?.findings.map((f) => f.ruleId) ?? []);
      const missed = config.expect.filter((id) => !found.has(id));
      const extra = [...found].filter((id) => !config.expect.includes(id));
      expected += config.expect.length;
      misses += missed.length;
      unexpected += extra.length;
      if (!report) details.push(`${stack.name}/${config.name}: not scanned`);
      else if (missed.length + extra.length > 0) details.push(`${stack.name}/${config.name}: missed [${missed.join(', ')}], unexpected [${extra.join(', ')}]`);
    }
    const correct = stack.configs.filter((c) => c.correct).length;
    return { line: `| ${stack.name} | ${stack.configs.length} (${correct} correct) | ${expected} | ${misses} | ${unexpected} |`, details };
  });
  return [
    '| stack | configurations | expected findings | misses | unexpected findings |',
    '|---|---|---|---|---|',
    ...rows.map((r) => r.line),
    '',
    ...rows.flatMap((r) => r.details.map((d) => `- ${d}`)),
    '',
  ].join('\n');
}

describe('the conformance set', () => {
  it('covers at least 60 configurations over at least 9 stacks, at least 20 and a third of them correct', () => {
    const configs = STACKS.flatMap((s) => s.configs);
    const correct = configs.filter((c) => c.correct).length;
    expect(configs.length).toBeGreaterThanOrEqual(60);
    expect(STACKS.length).toBeGreaterThanOrEqual(9);
    expect(correct).toBeGreaterThanOrEqual(20);
    expect(correct * 3).toBeGreaterThanOrEqual(configs.length);
  });

  it('expects of a correct configuration nothing above info', () => {
    const severity = new Map(RULES.map((rule) => [rule.id, rule.meta.severity]));
    for (const stack of STACKS) {
      for (const config of stack.configs.filter((c) => c.correct)) {
        expect(config.expect.filter((id) => severity.get(id) !== 'info'), `${stack.name}/${config.name}`).toEqual([]);
      }
    }
  });

  it('expects only rules corscan has', () => {
    const ids = new Set(RULES.map((rule) => rule.id));
    for (const stack of STACKS) for (const config of stack.configs) for (const id of config.expect) expect(ids, `${stack.name}/${config.name}`).toContain(id);
  });

  it('names each configuration once per stack', () => {
    for (const stack of STACKS) expect(new Set(stack.configs.map((c) => c.name)).size).toBe(stack.configs.length);
  });
});

describe.each(STACKS)('$name', (stack) => {
  it.each(stack.configs)('$name', async (config: ServerConfig) => {
    const run = runs.get(stack.name)!;
    if (!run.reports.has(config.name)) throw run.error ?? new Error(`${stack.name}/${config.name} was not scanned`);
    const report = run.reports.get(config.name)!;
    expect(report.targets[0]!.status, report.targets[0]!.error?.message).toBe('scanned');
    const found = [...new Set(report.findings.map((f) => f.ruleId))].sort();
    const detail = report.findings.map((f) => `${f.ruleId} (${f.severity}): ${f.message}`).join('\n');
    expect(found, `${stack.name}/${config.name}\nlive server: ${config.live}\ncorscan:\n${detail}`).toEqual([...config.expect].sort());
    for (const [ruleId, status] of Object.entries(config.outcomes ?? {})) {
      expect(report.targets[0]!.outcomes.find((outcome) => outcome.ruleId === ruleId)?.status, `${ruleId} outcome`).toBe(status);
    }
    await config.verify?.(report, run.dir!);
    // Safe by default: where the stack counts what reached the server, nothing but GET, HEAD and
    // OPTIONS did unless the scan opted in; with --unsafe-methods the POST probes did arrive.
    const seen = run.running?.methodsSeen?.(config.name);
    if (seen) {
      const unsafe = seen.filter((method) => !SAFE_METHODS.includes(method));
      if (config.args?.includes('--unsafe-methods')) expect(unsafe).toContain('POST');
      else expect(unsafe, `${stack.name}/${config.name}: methods beyond ${SAFE_METHODS.join(', ')} reached the server`).toEqual([]);
    }
  });
});
