import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate, type Schema } from '../../src/cli/inputs/json-schema.js';
import { runCli } from '../../src/cli/commands/program.js';
import type { ScanReport } from '../../src/model/report.js';
import { BIN } from '../helpers/cli.js';
import { memoryIo } from '../helpers/memory-io.js';
import { usePublicApi } from '../helpers/public-api.js';

const { dir, target, server } = usePublicApi('inputs');
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/reports/${name}.json`, import.meta.url), 'utf8');
const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../schema/${name}.schema.json`, import.meta.url), 'utf8')) as Schema;

/** Writes `content` to a fresh file in the test directory. */
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs the CLI in-process and expects a one-line usage error matching `message`, with no request sent. */
async function expectUsage(argv: string[], message: RegExp): Promise<void> {
  const before = server().connections();
  const { io, stderr, stdout } = memoryIo();
  expect(await runCli(argv, io)).toBe(2);
  expect(stderr()).toMatch(message);
  expect(stderr().trim().split('\n')).toHaveLength(1);
  expect(stderr()).not.toMatch(/internal error|\n\s+at /);
  expect(stdout()).toBe('');
  expect(server().connections()).toBe(before);
}

const report = () => JSON.parse(fixture('after')) as Record<string, unknown>;

describe('14.3: input files are validated fully against the schema before the first request', () => {
  it('14.3: --baseline with "findings":[null] is a usage error naming the file and $.findings[0]', async () => {
    const bad = file('null-finding.json', JSON.stringify({ ...report(), findings: [null] }));
    await expectUsage(['scan', target(), '--baseline', bad], /--baseline .*null-finding\.json is not a corscan JSON report .*: at \$\.findings\[0\]: expected object, got null/);
  });

  it('14.3: a deep defect is found too (evidence response headers that are not pairs)', async () => {
    const value = report() as { findings: { evidence: { response?: { headers: unknown } }[] }[] };
    value.findings[0]!.evidence[0]!.response = { status: 200, headers: [['Vary']] } as never;
    const bad = file('short-pair.json', JSON.stringify(value));
    await expectUsage(['scan', target(), '--baseline', bad], /at \$\.findings\[0\]\.evidence\[0\]\.response(\.status|\.headers\[0\]): /);
  });

  it('14.3 / 14.18: diff with a malformed report is a usage error, never an internal error', async () => {
    const good = file('good.json', fixture('after'));
    const bad = file('bad-target.json', JSON.stringify({ ...report(), targets: [{ url: 'x' }] }));
    await expectUsage(['diff', good, bad], /new report .*bad-target\.json is not a corscan JSON report .*at \$\.targets\[0\]/);
  });

  it('14.3 / 14.18: merge with a malformed report is a usage error', async () => {
    const bad = file('bad-merge.json', JSON.stringify({ ...report(), options: { failOn: 'loud', rules: [], trustedOrigins: [] } }));
    await expectUsage(['merge', bad], /merge input .*bad-merge\.json .*at \$\.options\.failOn: expected one of/);
  });

  it('14.3 / 14.18: --replay with a malformed recording is a usage error before any request', async () => {
    const bad = file('bad.rec.json', JSON.stringify({ formatVersion: 1, exchanges: [{ probe: null, durationMs: 1 }] }));
    await expectUsage(['scan', target(), '--replay', bad], /--replay .*bad\.rec\.json is not a corscan recording .*at \$\.exchanges\[0\]/);
    const notJson = file('not-json.rec.json', '{"formatVersion": 1, "exchanges": [');
    await expectUsage(['scan', target(), '--replay', notJson], /--replay .*not-json\.rec\.json is not JSON/);
  });

  it('14.3: the fixture reports and a fresh recording validate against the published schemas', async () => {
    for (const name of ['before', 'after']) expect(validate(schema('report'), JSON.parse(fixture(name)))).toBeUndefined();
    const recording = join(dir, 'fresh.rec.json');
    const { io, stdout } = memoryIo();
    expect(await runCli(['scan', target(), '--format', 'json', '--fail-on', 'none', '--record', recording], io)).toBe(0);
    expect(validate(schema('recording'), JSON.parse(readFileSync(recording, 'utf8')))).toBeUndefined();
    expect(validate(schema('report'), JSON.parse(stdout()) as ScanReport)).toBeUndefined();
    // The recording replays (the validator accepts what --record writes).
    const replay = memoryIo();
    expect(await runCli(['scan', target(), '--format', 'json', '--fail-on', 'none', '--replay', recording], replay.io)).toBe(0);
  });
});

describe('14.18: bad targets inputs are one-line usage errors, never an internal error', () => {
  it('14.18: -t <directory>', async () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    await expectUsage(['scan', '--targets', sub], /--targets .*a-directory is a directory/);
  });

  it('14.18: -t /proc/self/mem (opens, then fails to read)', async () => {
    await expectUsage(['scan', '--targets', '/proc/self/mem'], /\/proc\/self\/mem cannot be read \(EIO\)/);
  });
});

describe('14.19: invalid UTF-8 in a targets line is reported, not rewritten into another URL', () => {
  it('14.19: a Latin-1 byte in a host name names the file and line', async () => {
    const path = join(dir, 'latin1.txt');
    writeFileSync(path, Buffer.concat([Buffer.from(`${target()}\nhttp://caf`), Buffer.from([0xe9]), Buffer.from('.example/\n')]));
    await expectUsage(['scan', '--targets', path], /latin1\.txt:2: the line is not valid UTF-8/);
  });
});

describe('14.10: targets that are not regular files are read in one pass', () => {
  it('14.10: -t FIFO is read once and scanned (it used to hang on a second open)', async () => {
    const fifo = join(dir, 'targets.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    writer.end(`${target()}\n`);
    const { io, stdout } = memoryIo();
    expect(await runCli(['scan', '--targets', fifo, '--format', 'json', '--fail-on', 'none'], io)).toBe(0);
    expect((JSON.parse(stdout()) as ScanReport).targets.map((t) => t.url)).toEqual([target()]);
  });

  it.each([
    ['-t <(cat urls)', (list: string) => `"$NODE" "$CORSCAN" scan -t <(cat ${list}) --format json --fail-on none`],
    ['-t /dev/stdin', (list: string) => `cat ${list} | "$NODE" "$CORSCAN" scan -t /dev/stdin --format json --fail-on none`],
  ])('14.10: %s (a shell pipe) scans the listed URL instead of "lists no URL"', async (_name, command) => {
    const list = file('list.txt', `${target()}\n`);
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', command(list)], { env: { ...process.env, NODE: process.execPath, CORSCAN: BIN } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ScanReport).targets.map((t) => t.url)).toEqual([target()]);
  });
});
