import { lstat, open, readdir, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { processAlive } from './run-temp-dir.js';

/** A report or recording being written to its final place. */
export interface OutputFile {
  /** Appends a chunk (text as UTF-8); resolves once the bytes are written, so a slow disk or pipe holds the writer back. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Finishes the file: closes it and, for a regular file, renames the temporary file over the target. */
  commit(): Promise<void>;
  /** Gives up: closes and removes the temporary file (a device or pipe keeps what reached it). */
  discard(): Promise<void>;
}

const TEMPORARY = /^(.*)\.(\d+)\.\d+\.tmp$/;

/** Name of the temporary file beside `target`; the pid lets a later run tell a leftover from a live writer. */
const temporaryName = (target: string): string => `${target}.${process.pid}.${Date.now()}.tmp`;

/**
 * Removes temporary files a killed run (SIGKILL, power loss) left beside `target`:
 * `<name>.<pid>.<time>.tmp` whose process is gone. A live writer's file is kept.
 */
async function removeLeftovers(target: string): Promise<void> {
  const name = basename(target);
  const entries = await readdir(dirname(target)).catch(() => [] as string[]);
  for (const entry of entries) {
    const match = TEMPORARY.exec(entry);
    if (match?.[1] === name && !processAlive(Number(match[2]))) await rm(join(dirname(target), entry), { force: true });
  }
}

function handleWriter(handle: FileHandle) {
  return async (chunk: string | Uint8Array): Promise<void> => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // write(2) may take fewer bytes than offered (a pipe, a device): the rest goes again.
    for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done)).bytesWritten;
  };
}

/**
 * Opens `path` for a report. Only a regular file (or a path that does not exist yet)
 * is written atomically, to a temporary file renamed over it at the end, so readers
 * never see half a report and a SIGKILL leaves the old one. Anything else (a device
 * such as /dev/null or /dev/full, a FIFO, a symlink to /dev/stdout) is opened and
 * written in place: renaming over it would replace a system file with a regular file
 * (as root, `-o /dev/null` did) and send nothing to the reader of a pipe. A symlink
 * to a regular file is followed, so the link itself survives.
 */
export async function openOutputFile(path: string): Promise<OutputFile> {
  const target = resolve(path);
  const link = await lstat(target).catch(() => undefined);
  const followed = link ? await stat(target).catch(() => undefined) : undefined;
  const atomic = !link || followed?.isFile() === true;
  if (!atomic) {
    // Not a regular file, or a dangling symlink: write through it, never replace it.
    const handle = await open(target, 'w');
    return {
      write: handleWriter(handle),
      commit: () => handle.close(),
      discard: () => handle.close().catch(() => undefined),
    };
  }
  const final = link?.isSymbolicLink() ? await realpath(target) : target;
  await removeLeftovers(final);
  const temporary = temporaryName(final);
  const handle = await open(temporary, 'w');
  return {
    write: handleWriter(handle),
    async commit() {
      try {
        await handle.close();
        await rename(temporary, final);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async discard() {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true });
    },
  };
}

/** Writes `produce`'s chunks to `path` (see openOutputFile); on a failure nothing is left behind but what a device received. */
export async function writeOutputFile(path: string, produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  const file = await openOutputFile(path);
  try {
    await produce((chunk) => file.write(chunk));
  } catch (error) {
    await file.discard();
    throw error;
  }
  await file.commit();
}
