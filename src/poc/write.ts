import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../model/finding.js';
import { UsageError } from '../model/errors.js';
import { pocPages, pocUsage } from './page.js';

/** Writes a proof-of-concept page for each origin-trust finding into `dir`; returns one usage line per page. */
export async function writePocPages(dir: string, findings: readonly Finding[]): Promise<string[]> {
  const pages = pocPages(findings);
  if (pages.length === 0) return [];
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--poc ${dir} cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lines: string[] = [];
  for (const page of pages) {
    const path = join(dir, page.fileName);
    await writeFile(path, page.html);
    lines.push(pocUsage(page, path));
  }
  return lines;
}
