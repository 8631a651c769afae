import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { UsageError } from '../../model/errors.js';
import type { TargetSpec } from '../../engine/scan.js';
import { inShard, type Shard } from '../options/shard.js';
import { normaliseTarget } from './targets.js';

/** Where targets come from: positional URLs, targets files (`-` = stdin), an OpenAPI document. */
export interface TargetInputs {
  urls: readonly string[];
  files: readonly string[];
  /** URLs enumerated from `--openapi`, normalised: a fresh lazy enumeration per call (the counting pass, then the scan). */
  extra?: () => Iterable<string>;
  shard?: Shard;
  /** stdin as a stream; `-` reads it line by line. */
  stdin?: () => Readable;
}

/** Lazy, de-duplicated targets and, when it is known without reading stdin, their number. */
export interface TargetSource {
  /** Number of targets, known when no input is stdin. */
  total?: number;
  targets: AsyncIterable<string>;
  /** Stops reading (after an interrupt): destroys the stream being read, ending a pending read. */
  close(): void;
}

/** Reads one URL a line from a stream without holding the file: `#` comments and blank lines skipped. */
export async function* readTargetLines(stream: Readable, source: string): AsyncGenerator<string> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      if (line.includes('\u0000')) throw new UsageError(`${source} is not a text file of URLs`);
      // The decoder turns bytes that are not UTF-8 into U+FFFD: a URL rewritten that way is
      // another URL, so the line is refused instead of scanned under a name nobody wrote.
      if (line.includes('\ufffd')) throw new UsageError(`${source}:${number}: the line is not valid UTF-8; save the file as UTF-8`);
      const trimmed = line.replace(/#.*$/, '').trim();
      if (trimmed) yield normaliseTarget(trimmed, `${source}:${number}`);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // A read error (EIO from /proc/self/mem, EISDIR) is a bad input, not an internal error.
    throw new UsageError(`${source} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    lines.close();
    stream.destroy();
  }
}

function openFile(path: string): Readable {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
}

/**
 * Checks that a targets file can be opened, so a missing file is a UsageError before any
 * request; returns whether it is a regular file, the only kind that can be read twice.
 */
async function checkReadable(path: string): Promise<boolean> {
  const kind = await stat(path).catch(() => undefined);
  if (kind?.isDirectory()) throw new UsageError(`--targets ${path} is a directory, not a text file of URLs`);
  // A device (/dev/zero, /dev/urandom) never ends: refuse it before reading a byte. Pipes are fine.
  if (kind?.isCharacterDevice() || kind?.isBlockDevice()) throw new UsageError(`--targets ${path} is a device, not a text file of URLs`);
  await new Promise<void>((resolve, reject) => {
    const stream = openFile(path);
    stream.once('open', () => {
      stream.destroy();
      resolve();
    });
    stream.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`--targets ${path} cannot be read (${error.code ?? 'error'})`)));
  });
  return kind?.isFile() === true;
}

/**
 * Builds the target stream. Regular files are read twice, both times streaming: once
 * up front to validate every line and count the targets (a typo on line 90,000 fails
 * before the first request, and the progress bar knows the total), then lazily as the
 * scan pulls. stdin, FIFOs and `<(...)` pipes can be read only once (a second open of
 * a FIFO waits for a writer that never comes), so they are validated as they go.
 */
export async function openTargets(inputs: TargetInputs): Promise<TargetSource> {
  let onePass = false;
  for (const file of inputs.files) {
    const kind = file === '-' ? undefined : await stat(file).catch(() => undefined);
    // A pipe is opened only when the scan reads it: a trial open here would take its one reader's turn.
    if (file === '-' || kind?.isFIFO() || kind?.isSocket()) onePass = true;
    else if (!(await checkReadable(file))) onePass = true;
  }
  const positional = inputs.urls.map((url) => normaliseTarget(url));

  let reading: Readable | undefined;
  async function* all(): AsyncGenerator<string> {
    const seen = new Set<string>();
    const take = (url: string) => {
      if (seen.has(url) || !inShard(url, inputs.shard)) return false;
      seen.add(url);
      return true;
    };
    for (const url of positional) if (take(url)) yield url;
    // Lazily, and sharded as it goes: only this shard's URLs are ever held (in `seen`).
    for (const url of inputs.extra?.() ?? []) if (take(url)) yield url;
    for (const file of inputs.files) {
      const stream = file === '-' ? inputs.stdin?.() : openFile(file);
      if (!stream) throw new UsageError('--targets - needs stdin');
      reading = stream;
      for await (const url of readTargetLines(stream, file === '-' ? 'stdin' : file)) if (take(url)) yield url;
    }
  }

  let total: number | undefined;
  if (!onePass) {
    total = 0;
    for await (const _ of all()) total += 1;
    if (total === 0 && !inputs.shard) {
      throw new UsageError(inputs.files.length > 0 ? 'the targets file lists no URL' : 'no target: pass a URL or --targets FILE');
    }
  }
  return { ...(total !== undefined ? { total } : {}), targets: all(), close: () => reading?.destroy() };
}

/** Wraps explicit target specs (the demo lab) as a source. */
export function fixedTargets(targets: readonly (string | TargetSpec)[]): { total: number; targets: Iterable<string | TargetSpec>; close(): void } {
  return { total: targets.length, targets, close: () => undefined };
}
