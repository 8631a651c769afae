import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `corscan-<pid>-<random>`: what mkdtemp makes of the prefix below; the pid tells a dead run's leftover from a live one. */
const RUN_DIR = /^corscan-(\d+)-[A-Za-z0-9]{6}$/;

/** Whether process `pid` still runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary directories of corscan runs whose process is gone (SIGKILL, OOM
 * killer, power loss): a live run's directory, or one another user owns, is left alone.
 */
export function removeDeadRunDirs(parent = tmpdir()): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = RUN_DIR.exec(entry);
    if (!match || processAlive(Number(match[1]))) continue;
    try {
      rmSync(join(parent, entry), { recursive: true, force: true });
    } catch {
      // Someone else's (a sticky /tmp): not ours to remove.
    }
  }
}

/** The run directories not yet removed, removed on exit by one listener. */
const liveDirs = new Set<RunTempDir>();
let exitHooked = false;

/**
 * The one temporary directory of a run (`$TMPDIR/corscan-<pid>-<random>`): every scratch
 * file of the run (the report spool) lives in it, so one removal cleans everything, at the
 * end of the run, on SIGINT/SIGTERM (the run still ends through its `finally`), and on any
 * exit as a last resort. What a SIGKILL leaves is removed by the next run.
 */
export class RunTempDir {
  readonly path: string;

  constructor() {
    removeDeadRunDirs();
    this.path = mkdtempSync(join(tmpdir(), `corscan-${process.pid}-`));
    liveDirs.add(this);
    // One 'exit' listener for every directory still alive: runs in one process (the CLI in-process,
    // tests) must not add a listener each (Node warns past ten).
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', () => {
        for (const dir of liveDirs) dir.remove();
      });
    }
  }

  remove(): void {
    liveDirs.delete(this);
    rmSync(this.path, { recursive: true, force: true });
  }
}
