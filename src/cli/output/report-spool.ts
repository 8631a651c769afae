import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../model/finding.js';
import type { ScanReport, TargetResult } from '../../model/report.js';
import { compareFindings, compareTargets, type FindingSortKey, type ReportHead } from '../../engine/assemble-report.js';
import type { TargetScan } from '../../engine/scan.js';
import { jsonText } from '../../report/json.js';
import { RunTempDir } from './run-temp-dir.js';

/** Where one rendered record sits in the spool file, with its sort key. */
interface Entry {
  offset: number;
  length: number;
}
interface TargetEntry extends Entry {
  url: string;
}
interface FindingEntry extends Entry, FindingSortKey {}

/** Indents a pretty-printed array element to its place in the report (two levels deep). */
const element = (value: unknown): string => `    ${jsonText(value, 2).replace(/\n/g, '\n    ')}`;

/**
 * Keeps finished targets and findings on disk instead of in memory: each is
 * rendered once, appended to a temporary file, and only its sort key and position
 * stay in memory. The report is then streamed out in the same order, and byte for
 * byte the same JSON, as `scan()` + `renderJson` give, so a 100,000-target run
 * stays flat in memory and still writes one valid document. The file lives in the run's
 * temporary directory (or, without one, in a directory of its own made the same way).
 */
export class ReportSpool {
  /** A directory the spool made for itself, removed with it; a run's own directory is the run's to remove. */
  readonly #own: RunTempDir | undefined;
  readonly #file: string;
  readonly #fd: number;
  #offset = 0;
  readonly #targets: TargetEntry[] = [];

  constructor(dir?: RunTempDir) {
    this.#own = dir ? undefined : new RunTempDir();
    this.#file = join((dir ?? this.#own)!.path, 'report-spool');
    this.#fd = openSync(this.#file, 'w+');
  }
  readonly #findings: FindingEntry[] = [];

  /** Number of targets added. */
  get targetCount(): number {
    return this.#targets.length;
  }

  #append(text: string): Entry {
    const buffer = Buffer.from(text);
    writeSync(this.#fd, buffer, 0, buffer.length, this.#offset);
    const entry = { offset: this.#offset, length: buffer.length };
    this.#offset += buffer.length;
    return entry;
  }

  #read(entry: Entry): string {
    const buffer = Buffer.allocUnsafe(entry.length);
    readSync(this.#fd, buffer, 0, entry.length, entry.offset);
    return buffer.toString();
  }

  add(scan: Pick<TargetScan, 'result' | 'findings'>): void {
    this.addResult(scan.result);
    for (const finding of scan.findings) this.addFinding(finding);
  }

  addResult(result: TargetResult): void {
    this.#targets.push({ url: result.url, ...this.#append(element(result)) });
  }

  addFinding(finding: Finding): void {
    this.#findings.push({
      target: finding.target,
      severity: finding.severity,
      ruleId: finding.ruleId,
      message: finding.message,
      fingerprint: finding.fingerprint,
      ...this.#append(element(finding)),
    });
  }

  /** In report order, with the report's own comparators (engine/assemble-report.ts). */
  #sorted(): { targets: TargetEntry[]; findings: FindingEntry[] } {
    return { targets: [...this.#targets].sort(compareTargets), findings: [...this.#findings].sort(compareFindings) };
  }

  /** Streams the JSON report in chunks of about `chunkBytes`; `write` may wait (backpressure). */
  async writeJson(head: ReportHead, write: (chunk: string) => Promise<void> | void, chunkBytes = 1 << 20): Promise<void> {
    const { targets, findings } = this.#sorted();
    const skeleton = jsonText({ ...head, targets: '\u0001T', findings: '\u0001F' }, 2);
    const [before, middle, after] = skeleton.split(/"\\u0001[TF]"/) as [string, string, string];
    let pending = before;
    const flush = async (force: boolean) => {
      if (pending.length >= chunkBytes || (force && pending.length > 0)) {
        const chunk = pending;
        pending = '';
        await write(chunk);
      }
    };
    const array = async (entries: Entry[]) => {
      if (entries.length === 0) {
        pending += '[]';
        return;
      }
      pending += '[\n';
      for (let i = 0; i < entries.length; i += 1) {
        pending += `${this.#read(entries[i]!)}${i + 1 < entries.length ? ',\n' : '\n'}`;
        await flush(false);
      }
      pending += '  ]';
    };
    await array(targets);
    pending += middle;
    await array(findings);
    pending += `${after}\n`;
    await flush(true);
  }

  /** The whole report in memory, for formats that need all of it at once (table, html). */
  toReport(head: ReportHead): ScanReport {
    const { targets, findings } = this.#sorted();
    const parse = <T>(entry: Entry): T => JSON.parse(this.#read(entry)) as T;
    return { ...head, targets: targets.map((entry) => parse<TargetResult>(entry)), findings: findings.map((entry) => parse<Finding>(entry)) };
  }

  /** Removes the temporary file. */
  dispose(): void {
    closeSync(this.#fd);
    rmSync(this.#file, { force: true });
    this.#own?.remove();
  }
}
