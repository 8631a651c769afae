import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanSettings } from '../../src/cli/options/options.js';
import { runCli } from '../../src/cli/commands/program.js';
import { deliverScan } from '../../src/cli/commands/scan-deliver.js';
import { executeScan, releaseScan, type ExecutedScan } from '../../src/cli/commands/scan-execute.js';
import { closingNotes, finishScan } from '../../src/cli/commands/scan-finish.js';
import { prepareScan, type PreparedScan } from '../../src/cli/commands/scan-prepare.js';
import { Interrupt } from '../../src/cli/commands/interrupt.js';
import { fixedTargets } from '../../src/cli/inputs/target-source.js';
import { RedactionPolicy } from '../../src/engine/redaction.js';
import type { ScanReport } from '../../src/model/report.js';
import { fakeIO } from '../helpers/fake-io.js';
import { memoryTransport } from '../helpers/memory-transport.js';
import { testDir } from '../helpers/temp-dir.js';

const dir = testDir('stages');
const TODAY = '2026-01-01';

/** The settings `corscan scan ARGS` would run with, read in-process. */
async function settingsFor(args: string[]): Promise<ScanSettings> {
  let settings: ScanSettings | undefined;
  const io = fakeIO({ cwd: dir });
  const code = await runCli(['scan', ...args], io, { scan: async (resolved) => ((settings = resolved), 0) });
  if (code !== 0) throw new Error(io.err());
  return settings!;
}

const prepared = (urls: string[], transport = memoryTransport()): PreparedScan & { transport: ReturnType<typeof memoryTransport> } => ({
  inputs: { ignores: [] },
  source: fixedTargets(urls),
  transport,
  interrupt: new Interrupt(),
  redaction: new RedactionPolicy({ showSecrets: false, secretHeaders: [], headers: [] }),
});

const runs: ExecutedScan[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await releaseScan(run);
});
async function execute(settings: ScanSettings, urls: string[], io = fakeIO()) {
  const ready = prepared(urls);
  const run = await executeScan(ready, settings, io);
  runs.push(run);
  return { run, ready, io };
}

describe('prepare', () => {
  it('an output that cannot be written fails before any target is opened or transport built', async () => {
    const settings = await settingsFor(['https://reflect.example.test/', '--format', `json:${join(dir, 'missing-dir', 'r.json')}`]);
    await expect(prepareScan(settings, fakeIO())).rejects.toThrow(/cannot be written/);
  });

  it('a baseline that is not a report fails with the file and the reason', async () => {
    const settings = await settingsFor(['https://reflect.example.test/', '--baseline', join(dir, 'nothing.json')]);
    await expect(prepareScan(settings, fakeIO())).rejects.toThrow(/^--baseline \S+nothing\.json cannot be read \(ENOENT\)$/);
  });

  it('a missing --replay recording fails while the chain is built', async () => {
    const settings = await settingsFor(['https://reflect.example.test/', '--replay', join(dir, 'no-recording.json')]);
    await expect(prepareScan(settings, fakeIO())).rejects.toThrow(/--replay \S+ cannot be read/);
  });
});

describe('execute', () => {
  it('scans every target into the spool and counts statuses, findings and requests', async () => {
    const settings = await settingsFor(['https://reflect.example.test/', '--format', 'json']);
    const { run, ready } = await execute(settings, ['https://reflect.example.test/a', 'https://plain.example.test/b']);
    expect(run.statuses).toEqual([{ status: 'scanned' }, { status: 'scanned' }]);
    expect(run.severities.length).toBeGreaterThan(0);
    expect(run.requests).toBe(ready.transport.sent);
    expect(run.spool?.targetCount).toBe(2);
    expect(run.interrupted).toBe(false);
    expect(ready.transport.closed).toBe(true);
  });

  it('an interrupt stops the scan and marks it interrupted; the handlers stay until the caller removes them', async () => {
    const settings = await settingsFor(['https://reflect.example.test/', '--concurrency', '1']);
    let stop: ((signal: string) => void) | undefined;
    let removed = false;
    const io = { ...fakeIO(), onInterrupt: (handler: (signal: string) => void) => ((stop = handler), () => void (removed = true)) };
    const urls = Array.from({ length: 50 }, (_, i) => `https://plain.example.test/${i}`);
    const ready = prepared(urls);
    const send = ready.transport.send.bind(ready.transport);
    ready.transport.send = async (probe) => {
      if (ready.transport.sent === 60) stop!('SIGINT');
      return send(probe);
    };
    const run = await executeScan(ready, settings, io);
    runs.push(run);
    expect(run.interrupted).toBe(true);
    expect(run.statuses.length).toBeLessThan(urls.length);
    expect(io.err()).toMatch(/SIGINT: stopping; nothing new is sent/);
    // A second signal while the report is written cuts short, it does not kill the run.
    expect(removed).toBe(false);
    stop!('SIGTERM');
    expect(io.err()).toMatch(/SIGTERM: stopping now; writing the partial report/);
    expect(ready.interrupt.exitCode).toBe(130);
    run.removeHandlers();
    expect(removed).toBe(true);
  });
});

describe('finish', () => {
  it('nothing scanned: exit 2 and a line saying why (printed even with --quiet), nothing to write', async () => {
    const settings = await settingsFor(['https://reflect.example.test/']);
    const { run } = await execute(settings, []);
    expect(finishScan(run, settings, { ignores: [] }, TODAY)).toEqual({ exitCode: 2, warnings: [], notes: [], errors: ['no target to scan'] });
  });

  it('JSON alone streams from the spool; the gate sees the counts', async () => {
    const settings = await settingsFor(['https://reflect.example.test/', '--format', 'json']);
    const { run } = await execute(settings, ['https://reflect.example.test/']);
    const finished = finishScan(run, settings, { ignores: [] }, TODAY);
    expect(finished).toMatchObject({ exitCode: 1, report: { kind: 'streamed' } });
  });

  it('a human format or ignores need the whole report; an expired ignore entry is a warning', async () => {
    const settings = await settingsFor(['https://reflect.example.test/', '--fail-on', 'none']);
    const { run } = await execute(settings, ['https://reflect.example.test/']);
    const inputs = { ignores: [{ rule: 'origin-reflection', reason: 'old', expires: '2020-01-01', source: 'x.yaml#1' }] };
    const finished = finishScan(run, settings, inputs, TODAY);
    expect(finished).toMatchObject({ exitCode: 0, report: { kind: 'whole' } });
    expect(finished.warnings.join('\n')).toMatch(/expired/);
  });

  it('closing notes: the verbose summary and the partial report', async () => {
    const settings = await settingsFor(['https://reflect.example.test/', '--verbose']);
    const { run } = await execute(settings, ['https://reflect.example.test/']);
    expect(closingNotes(run, settings, 42)).toEqual([expect.stringMatching(/^1 targets, \d+ requests in .*peak RSS 42 MB\)$/)]);
    expect(closingNotes({ ...run, interrupted: true }, { ...settings, scale: { ...settings.scale, verbose: false } }, 0)).toEqual([
      'interrupted after 1 targets; the report is partial ("interrupted": true)',
    ]);
  });
});

describe('deliver', () => {
  it('writes every output; a file that cannot be written after the scan goes to stdout and exits 2', async () => {
    const out = mkdtempSync(join(dir, 'out-'));
    const settings = await settingsFor(['https://reflect.example.test/', '--format', `json:${join(out, 'r.json')}`, '--format', `sarif:${join(out, 'r.sarif')}`]);
    const { run } = await execute(settings, ['https://reflect.example.test/']);
    const finished = finishScan(run, settings, { ignores: [] }, TODAY);
    const io = fakeIO();
    const notes: string[] = [];
    expect(await deliverScan(finished.report!, finished.exitCode, run, settings, io, (line) => notes.push(line))).toBe(1);
    // Every report went to a file: the notes say what was found and where each report is.
    expect(notes).toEqual([expect.stringMatching(/^1 target scanned, \d+ requests in \d+ ms: /), `wrote json report to ${join(out, 'r.json')}`, `wrote sarif report to ${join(out, 'r.sarif')}`]);
    const written = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')) as ScanReport;
    expect(written.targets.map((target) => target.url)).toEqual(['https://reflect.example.test/']);
    expect(io.out()).toBe('');

    rmSync(out, { recursive: true });
    const fallback = fakeIO();
    expect(await deliverScan(finished.report!, finished.exitCode, run, settings, fallback, () => undefined)).toBe(2);
    expect(fallback.err()).toMatch(/r\.json could not be written \(ENOENT\); the json report follows on stdout/);
    expect(fallback.out()).toContain('"schemaVersion": 1');
    expect(fallback.out()).toContain('"version": "2.1.0"');
  });

  it('JSON Lines alone: streamed while the scan runs, no spool; deliver adds the summary line and moves the file into place', async () => {
    const out = mkdtempSync(join(dir, 'jsonl-'));
    const file = join(out, 'r.jsonl');
    const settings = await settingsFor(['https://reflect.example.test/', '--format', `jsonl:${file}`]);
    const { run } = await execute(settings, ['https://reflect.example.test/']);
    expect(run.spool).toBeUndefined();
    const finished = finishScan(run, settings, { ignores: [] }, TODAY);
    expect(finished.report).toMatchObject({ kind: 'streamed', pending: [] });
    expect(await deliverScan(finished.report!, finished.exitCode, run, settings, fakeIO(), () => undefined)).toBe(1);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; url?: string });
    expect(lines.map((line) => line.type)).toEqual(['target', 'summary']);
    expect(lines[0]!.url).toBe('https://reflect.example.test/');
  });
});
