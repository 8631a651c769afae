import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** For the calling test file: a temp dir of its own (`corscan-<prefix>-*`), removed after the file's tests. */
export function testDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `corscan-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
