import type { Finding } from '../model/finding.js';
import type { ScanReport } from '../model/report.js';
import { SEVERITIES } from '../model/severity.js';
import type { ReporterOptions } from './types.js';
import { hiddenNote, visibleFindings } from './visible.js';

/** Rows listed before "and N more": $GITHUB_STEP_SUMMARY takes at most 1 MiB per step. */
export const MAX_MARKDOWN_ROWS = 200;

/** Makes text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').replace(/</g, '&lt;');
}

/** Counts per severity, worst first, as one line. */
export function countLine(findings: readonly Finding[]): string {
  const counts = [...SEVERITIES]
    .reverse()
    .map((severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  return counts.length > 0 ? counts.join(', ') : 'no findings';
}

/** Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments. Pure; no colour. */
export function renderMarkdown(report: ScanReport, options: ReporterOptions): string {
  const shown = visibleFindings(report, options);
  const active = report.findings.filter((finding) => !finding.suppressed);
  const out: string[] = ['## corscan report', ''];
  const unreachable = report.targets.filter((target) => target.status === 'unreachable');
  out.push(
    `**${report.targets.length} target${report.targets.length === 1 ? '' : 's'}** scanned` +
      `${unreachable.length > 0 ? ` (${unreachable.length} unreachable)` : ''}: ${countLine(active)}` +
      ` (fail-on: \`${report.options.failOn}\`).`,
  );
  if (report.baseline) {
    out.push('', `Compared with \`${cell(report.baseline.file)}\`: ${report.baseline.new} new, ${report.baseline.unchanged} unchanged, ${report.baseline.fixed.length} fixed.`);
  }
  const note = hiddenNote(report, options);
  if (note) out.push('', `_${note}._`);
  out.push('', '| Target | Status | Requests |', '| --- | --- | ---: |');
  for (const target of report.targets) {
    const status = target.error ? `${target.status} (${target.error.code})` : target.status;
    out.push(`| ${cell(target.url)} | ${status} | ${target.requests} |`);
  }
  if (shown.length > 0) {
    out.push('', '### Findings', '', `| Severity | Rule | Target | Finding |${report.baseline ? ' Baseline |' : ''}`, `| --- | --- | --- | --- |${report.baseline ? ' --- |' : ''}`);
    for (const finding of shown.slice(0, MAX_MARKDOWN_ROWS)) {
      out.push(
        `| ${finding.severity} | [\`${finding.ruleId}\`](${finding.docsUrl}) | ${cell(finding.target)} | ${cell(finding.message)} |` +
          `${report.baseline ? ` ${finding.baseline ?? ''} |` : ''}`,
      );
    }
    if (shown.length > MAX_MARKDOWN_ROWS) out.push('', `…and ${shown.length - MAX_MARKDOWN_ROWS} more; see the JSON report.`);
  }
  if (report.baseline && report.baseline.fixed.length > 0) {
    out.push('', '### Fixed since the baseline', '', '| Severity | Rule | Target |', '| --- | --- | --- |');
    for (const finding of report.baseline.fixed.slice(0, MAX_MARKDOWN_ROWS)) out.push(`| ${finding.severity} | \`${finding.ruleId}\` | ${cell(finding.target)} |`);
  }
  return `${out.join('\n')}\n`;
}
