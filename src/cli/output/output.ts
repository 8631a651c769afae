import { constants } from 'node:fs';
import { access, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../model/errors.js';

/**
 * Fails before any request is sent when `path` cannot be written, so a long scan
 * never ends with a lost report. `inputs` are files the run reads; overwriting one
 * is refused.
 */
export async function checkWritable(path: string, inputs: readonly string[] = []): Promise<void> {
  const target = resolve(path);
  // realpath too: a symlink or hard-to-spot relative path to an input is the same file.
  const real = async (file: string) => realpath(file).catch(() => resolve(file));
  const targetReal = await real(target);
  if (inputs.some((input) => resolve(input) === target) || (await Promise.all(inputs.map(real))).includes(targetReal)) {
    throw new UsageError(`--output ${path} is also an input file; choose another name`);
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--output ${path} is a directory`);
  try {
    await access(existing ? target : dirname(target), constants.W_OK);
  } catch {
    throw new UsageError(`--output ${path} cannot be written (${existing ? 'file' : 'directory'} not writable or missing)`);
  }
}

/** Writes a file atomically: a temporary file beside it, then rename, so readers never see half a report. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const target = resolve(path);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
