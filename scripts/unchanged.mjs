// "Nothing changed since the last success", for the build and the type check: the inputs'
// modification times against a stamp written after the last successful run (as make does). A
// checkout or an edit gives a file a new mtime; a deleted or renamed file changes its folder's.
// Only TypeScript and JSON files count, and folders: tests write other files (screenshots,
// reports) under test/.
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Written by tests, read by people: never an input. */
const OUTPUT_FOLDERS = new Set([join(ROOT, 'test', 'artifacts')]);

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return Infinity;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory() ? OUTPUT_FOLDERS.has(child) : !/\.(ts|json)$/.test(entry.name)) continue;
    newest = Math.max(newest, newestMtime(child));
  }
  return newest;
}

/** True when a success was stamped after every input (paths from the package root) last changed. */
export function unchangedSince(stamp, inputs) {
  const stamped = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs;
  return stamped !== undefined && inputs.every((input) => newestMtime(join(ROOT, input)) < stamped);
}

/** Stamps a success as of `startedAt` (ms), the run's start: a file edited during the run is newer. */
export function stampSuccess(stamp, startedAt) {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date(startedAt).toISOString()}\n`);
  utimesSync(stamp, startedAt / 1000, startedAt / 1000);
}
