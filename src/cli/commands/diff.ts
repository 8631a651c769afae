import { atOrAbove, type Severity } from '../../model/severity.js';
import { compareReports, renderDiffJson, renderDiffMarkdown, renderDiffTable } from '../../report/diff.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../output/exit-code.js';
import type { CliIO } from '../io.js';
import { loadReport } from '../inputs/load-report.js';

const RENDER = { table: renderDiffTable, json: renderDiffJson, markdown: renderDiffMarkdown };

/** `corscan diff old.json new.json`: prints the comparison; exit 1 only with --fail-on-new and a new finding at or above it. */
export async function runDiff(
  oldPath: string,
  newPath: string,
  raw: { format: keyof typeof RENDER; failOnNew?: Severity | undefined },
  io: CliIO,
): Promise<number> {
  const [oldReport, newReport] = await Promise.all([loadReport(oldPath, 'old report'), loadReport(newPath, 'new report')]);
  const diff = compareReports(oldReport, newReport, { old: oldPath, new: newPath });
  io.stdout.write(RENDER[raw.format](diff));
  const threshold = raw.failOnNew;
  return threshold && diff.new_.some((finding) => atOrAbove(finding.severity, threshold)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
