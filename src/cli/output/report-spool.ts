import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../model/finding.js';
import type { ScanReport, TargetResult } from '../../model/report.js';
import { compareFindings, compareTargets, type ReportHead } from '../../engine/assemble-report.js';
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
  /** The target's findings, in report order, as one block of rendered elements joined by ",\n"; absent when it has none. */
  findings?: Entry;
}

/** Indents a pretty-printed array element to its place in the report (two levels deep). */
const element = (value: unknown): string => `    ${jsonText(value, 2).replace(/\n/g, '\n    ')}`;

/**
 * Keeps finished targets and findings on disk instead of in memory: each is
 * rendered once, appended to a temporary file, and only its sort key and position
 * stay in memory. The report is then streamed out in the same order, and byte for
 * byte the same JSON, as `scan()` + `renderJson` give, so a 100,000-target run
 * stays flat in memory and still writes one valid document. The file lives in the run's
 * temporary directory (or, without one, in a directory of its own made the same way).
 *
 * Findings sort by target first (compareFindings), so a target's findings are sorted
 * when it is added and written as one block next to it: memory keeps one entry per
 * target, not a sort key per finding (its message, fingerprint and target URL, about
 * 1.3 KB a target on the bench's reflect-all server).
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

  /**
   * One scratch buffer for every read: a Buffer per entry is memory outside V8's heap, which the
   * garbage collector reclaims late, so writing a 100,000-target report raised the peak RSS by
   * about 2 KB a target after the scan itself had stayed flat.
   */
  #scratch = Buffer.alloc(0);

  #read(entry: Entry): string {
    if (this.#scratch.length < entry.length) this.#scratch = Buffer.allocUnsafe(Math.max(entry.length, 64 * 1024));
    readSync(this.#fd, this.#scratch, 0, entry.length, entry.offset);
    return this.#scratch.toString('utf8', 0, entry.length);
  }

  add(scan: Pick<TargetScan, 'result' | 'findings'>): void {
    const entry: TargetEntry = { url: scan.result.url, ...this.#append(element(scan.result)) };
    if (scan.findings.length > 0) entry.findings = this.#append([...scan.findings].sort(compareFindings).map(element).join(',\n'));
    this.#targets.push(entry);
  }

  /** Targets in report order (engine/assemble-report.ts); their finding blocks in the same order are the findings' order. */
  #sorted(): TargetEntry[] {
    return [...this.#targets].sort(compareTargets);
  }

  /** Streams the JSON report in chunks of about `chunkBytes`; `write` may wait (backpressure). */
  async writeJson(head: ReportHead, write: (chunk: string) => Promise<void> | void, chunkBytes = 1 << 20): Promise<void> {
    const targets = this.#sorted();
    const findings = targets.flatMap((target) => (target.findings ? [target.findings] : []));
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
    const targets = this.#sorted();
    return {
      ...head,
      targets: targets.map((entry) => JSON.parse(this.#read(entry)) as TargetResult),
      findings: targets.flatMap((entry) => (entry.findings ? (JSON.parse(`[${this.#read(entry.findings)}]`) as Finding[]) : [])),
    };
  }

  /** Removes the temporary file. */
  dispose(): void {
    closeSync(this.#fd);
    rmSync(this.#file, { force: true });
    this.#own?.remove();
  }
}
