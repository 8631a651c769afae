import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands/program.js';
import type { CliIO } from '../../src/cli/io.js';
import { LAB_HOST } from '../../src/lab/policy.js';
import type { ScanReport } from '../../src/model/report.js';
import { labNetwork } from '../helpers/lab-network.js';
import { useLab, type Lab } from '../helpers/lab.js';

// Every kind of report corscan writes validates against the shipped schema, and the schema
// describes every field it names.
const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let lab: Lab;
const dir = useLab('schema', (started) => (lab = started));

/** Runs the CLI in-process; `interrupt` fires SIGINT's handler as soon as the scan installs it. */
async function cli(argv: string[], { interrupt = false } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1' },
    network: labNetwork,
    ...(interrupt
      ? {
          onInterrupt: (stop: (signal: string) => void) => {
            setImmediate(() => stop('SIGINT'));
            return () => undefined;
          },
        }
      : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const expectValid = (text: string): ScanReport => {
  const report = JSON.parse(text) as ScanReport;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  expect(report.$schema).toMatch(/\/schema\/report\.schema\.json$/);
  return report;
};

const resolve = () => ['--resolve', `${LAB_HOST}:${lab.port}:127.0.0.1`];
const targets = () => ['reflect-any', 'no-cors', 'missing-vary-origin', 'null-allowed'].map((name) => lab.targetOf(name));

describe('schema/report.schema.json', () => {
  it('gives every property and definition a description', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const object = node as Record<string, unknown>;
      for (const key of ['properties', '$defs'] as const) {
        const children = object[key] as Record<string, Record<string, unknown>> | undefined;
        for (const [name, child] of Object.entries(children ?? {})) {
          if (typeof child['description'] !== 'string' || child['description'] === '') missing.push(`${path}/${key}/${name}`);
          walk(child, `${path}/${key}/${name}`);
        }
      }
      for (const key of ['items', 'additionalProperties'] as const) walk(object[key], `${path}/${key}`);
    };
    walk(schema, '#');
    expect(missing).toEqual([]);
  });

  it('a scan, each shard of it and their merge validate', async () => {
    const [shard1, shard2] = await Promise.all(
      ['1/2', '2/2'].map(async (shard) => {
        const file = join(dir, `shard-${shard[0]}.json`);
        const run = await cli(['scan', ...targets(), ...resolve(), '--shard', shard, '--fail-on', 'none', '--format', `json:${file}`]);
        expect(run.code, run.stderr).toBe(0);
        return file;
      }),
    );
    const one = expectValid(readFileSync(shard1!, 'utf8'));
    expect(one.shard).toEqual({ index: 1, count: 2 });
    expectValid(readFileSync(shard2!, 'utf8'));
    const merged = await cli(['merge', shard1!, shard2!, '--format', 'json', '--fail-on', 'none']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(expectValid(merged.stdout).targets).toHaveLength(4);
  }, 120_000);

  it('an interrupted scan and a scan with skipped targets validate', async () => {
    const interrupted = await cli(['scan', ...targets(), ...resolve(), '--concurrency', '1', '--format', 'json'], { interrupt: true });
    expect(interrupted.code).toBe(2);
    expect(expectValid(interrupted.stdout).interrupted).toBe(true);
    const down = ['a', 'b', 'c'].map((path) => `http://127.0.0.1:1/${path}`);
    const skipped = await cli(['scan', ...down, '--max-host-errors', '1', '--concurrency', '1', '--format', 'json']);
    expect(skipped.code).toBe(2);
    expect(expectValid(skipped.stdout).targets.map((target) => target.status)).toContain('skipped');
  }, 120_000);

  it('the demo report validates', async () => {
    const demo = await cli(['demo', '--format', 'json', '--fail-on', 'none']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(expectValid(demo.stdout).findings.length).toBeGreaterThan(10);
  }, 240_000);
});
