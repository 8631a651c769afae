import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../model/finding.js';
import type { ScanReport, TargetResult } from '../../model/report.js';
import { compareFindings, compareTargetUrls, type ReportHead } from '../../engine/assemble-report.js';
import type { TargetScan } from '../../engine/scan.js';
import { jsonText } from '../../report/json.js';
import { RunTempDir } from './run-temp-dir.js';

/** Indents a pretty-printed array element to its place in the report (two levels deep). */
const element = (value: unknown): string => `    ${jsonText(value, 2).replace(/\n/g, '\n    ')}`;

/** Numbers kept per target: where its record and its block of findings sit in the spool file (length 0: no findings). */
const SLOT = { offset: 0, length: 1, findingsOffset: 2, findingsLength: 3 } as const;
const SLOT_SIZE = 4;

/** What follows each array element of the report, made once (writeJson adds one per target and finding block). */
const BETWEEN = Buffer.from(',\n');
const AFTER_LAST = Buffer.from('\n');

/** Bytes of each chunk `writeJson` hands out (and the least the read buffer holds). */
const CHUNK_BYTES = 64 * 1024;

/**
 * Keeps finished targets and findings on disk instead of in memory: each is
 * rendered once, appended to a temporary file, and only its URL (the sort key) and
 * four numbers stay in memory. The report is then streamed out in the same order, and
 * byte for byte the same JSON, as `scan()` + `renderJson` give, so a 100,000-target run
 * stays flat in memory and still writes one valid document. The file lives in the run's
 * temporary directory (or, without one, in a directory of its own made the same way).
 *
 * Findings sort by target first (compareFindings), so a target's findings are sorted
 * when it is added and written as one block next to it: memory keeps one slot per
 * target, not a sort key per finding.
 *
 * What stays per target is what the run's memory grows with, and V8 sizes its heap at a
 * multiple of what is live: the slots are numbers in one typed array, not an object (or
 * two) per target, and the URL is the string the target arrived with.
 */
export class ReportSpool {
  /** A directory the spool made for itself, removed with it; a run's own directory is the run's to remove. */
  readonly #own: RunTempDir | undefined;
  readonly #file: string;
  readonly #fd: number;
  #offset = 0;
  readonly #urls: string[] = [];
  #slots = new Float64Array(SLOT_SIZE * 1024);

  constructor(dir?: RunTempDir) {
    this.#own = dir ? undefined : new RunTempDir();
    this.#file = join((dir ?? this.#own)!.path, 'report-spool');
    this.#fd = openSync(this.#file, 'w+');
  }

  /** Number of targets added. */
  get targetCount(): number {
    return this.#urls.length;
  }

  /** Appends `text`; returns its offset and length in bytes. */
  #append(text: string): [number, number] {
    const buffer = Buffer.from(text);
    writeSync(this.#fd, buffer, 0, buffer.length, this.#offset);
    const at = this.#offset;
    this.#offset += buffer.length;
    return [at, buffer.length];
  }

  /**
   * One scratch buffer for every read: a Buffer per entry is memory outside V8's heap, which the
   * garbage collector reclaims late, so writing a 100,000-target report raised the peak RSS by
   * about 2 KB a target after the scan itself had stayed flat.
   */
  #scratch = Buffer.alloc(0);

  #read(offset: number, length: number): string {
    if (this.#scratch.length < length) this.#scratch = Buffer.allocUnsafe(Math.max(length, CHUNK_BYTES));
    readSync(this.#fd, this.#scratch, 0, length, offset);
    return this.#scratch.toString('utf8', 0, length);
  }

  add(scan: Pick<TargetScan, 'result' | 'findings'>): void {
    const index = this.#urls.length;
    if (this.#slots.length < SLOT_SIZE * (index + 1)) {
      const grown = new Float64Array(this.#slots.length * 2);
      grown.set(this.#slots);
      this.#slots = grown;
    }
    const slot = SLOT_SIZE * index;
    [this.#slots[slot + SLOT.offset], this.#slots[slot + SLOT.length]] = this.#append(element(scan.result));
    if (scan.findings.length > 0) {
      [this.#slots[slot + SLOT.findingsOffset], this.#slots[slot + SLOT.findingsLength]] = this.#append([...scan.findings].sort(compareFindings).map(element).join(',\n'));
    } else this.#slots[slot + SLOT.findingsLength] = 0;
    this.#urls.push(scan.result.url);
  }

  /** Target indexes in report order (engine/assemble-report.ts); their finding blocks in the same order are the findings' order. */
  #order(): Uint32Array {
    const urls = this.#urls;
    return Uint32Array.from(urls.keys()).sort((a, b) => compareTargetUrls(urls[a]!, urls[b]!));
  }

  /** [offset, length] of target `index`'s record, or of its findings block. */
  #record(index: number, what: 'target' | 'findings'): [number, number] {
    const slot = SLOT_SIZE * index;
    return what === 'target'
      ? [this.#slots[slot + SLOT.offset]!, this.#slots[slot + SLOT.length]!]
      : [this.#slots[slot + SLOT.findingsOffset]!, this.#slots[slot + SLOT.findingsLength]!];
  }

  /**
   * Streams the JSON report as UTF-8 chunks of `chunkBytes`; `write` may wait (backpressure).
   * Records go from the spool file into the chunk without becoming strings: a report of
   * 100,000 targets is hundreds of MB of text the heap never holds. One buffer serves every
   * chunk (a new one each time was memory outside the heap that V8 collects late: +28 MB at the
   * end of a 10,000-target run), so `write` must be done with a chunk when its promise settles.
   */
  async writeJson(head: ReportHead, write: (chunk: Buffer) => Promise<void> | void, chunkBytes = CHUNK_BYTES): Promise<void> {
    const order = this.#order();
    const skeleton = jsonText({ ...head, targets: '\u0001T', findings: '\u0001F' }, 2);
    const [before, middle, after] = skeleton.split(/"\\u0001[TF]"/) as [string, string, string];
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let used = 0;
    const flush = async () => {
      if (used === 0) return;
      const full = chunk.subarray(0, used);
      used = 0;
      await write(full);
    };
    /** Copies `length` bytes at `offset` of `source` (the spool file, or a buffer) into chunks. */
    const copy = async (length: number, take: (into: Buffer, at: number, count: number, from: number) => void) => {
      for (let done = 0; done < length; ) {
        if (used === chunkBytes) await flush();
        const count = Math.min(length - done, chunkBytes - used);
        take(chunk, used, count, done);
        used += count;
        done += count;
      }
    };
    const bytes = (value: Buffer) => copy(value.length, (into, at, count, from) => value.copy(into, at, from, from + count));
    const text = (value: string) => bytes(Buffer.from(value));
    const record = ([offset, length]: [number, number]) => copy(length, (into, at, count, from) => readSync(this.#fd, into, at, count, offset + from));
    const array = async (what: 'target' | 'findings') => {
      const indexes = what === 'target' ? [...order] : [...order].filter((index) => this.#record(index, 'findings')[1] > 0);
      if (indexes.length === 0) return text('[]');
      await text('[\n');
      for (const [i, index] of indexes.entries()) {
        await record(this.#record(index, what));
        await bytes(i + 1 < indexes.length ? BETWEEN : AFTER_LAST);
      }
      await text('  ]');
    };
    await text(before);
    await array('target');
    await text(middle);
    await array('findings');
    await text(`${after}\n`);
    await flush();
  }

  /** The whole report in memory, for formats that need all of it at once (table, html). */
  toReport(head: ReportHead): ScanReport {
    const order = [...this.#order()];
    return {
      ...head,
      targets: order.map((index) => JSON.parse(this.#read(...this.#record(index, 'target'))) as TargetResult),
      findings: order.flatMap((index) => {
        const [offset, length] = this.#record(index, 'findings');
        return length > 0 ? (JSON.parse(`[${this.#read(offset, length)}]`) as Finding[]) : [];
      }),
    };
  }

  /** Removes the temporary file. */
  dispose(): void {
    closeSync(this.#fd);
    rmSync(this.#file, { force: true });
    this.#own?.remove();
  }
}
