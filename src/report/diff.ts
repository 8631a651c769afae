import { diffFindings } from '../engine/baseline.js';
import type { Finding } from '../model/finding.js';
import type { ScanReport, TargetStatus } from '../model/report.js';
import { jsonText } from './json.js';
import { cell, countLine } from './markdown.js';

/** `corscan diff`: two reports compared by fingerprint, plus targets whose status changed. */
export interface ReportDiff {
  old: { file: string; startedAt: string };
  new: { file: string; startedAt: string };
  summary: { new: number; unchanged: number; fixed: number };
  new_: Finding[];
  unchanged: Finding[];
  fixed: Finding[];
  targets: Array<{ url: string; before: TargetStatus | 'absent'; after: TargetStatus | 'absent' }>;
}

/** Compares two reports. Pure. */
export function compareReports(oldReport: ScanReport, newReport: ScanReport, files: { old: string; new: string }): ReportDiff {
  const diff = diffFindings(oldReport.findings, newReport.findings);
  const before = new Map(oldReport.targets.map((target) => [target.url, target.status]));
  const after = new Map(newReport.targets.map((target) => [target.url, target.status]));
  const urls = [...new Set([...before.keys(), ...after.keys()])].sort();
  return {
    old: { file: files.old, startedAt: oldReport.startedAt },
    new: { file: files.new, startedAt: newReport.startedAt },
    summary: { new: diff.new.length, unchanged: diff.unchanged.length, fixed: diff.fixed.length },
    new_: diff.new,
    unchanged: diff.unchanged,
    fixed: diff.fixed,
    targets: urls
      .map((url) => ({ url, before: before.get(url) ?? ('absent' as const), after: after.get(url) ?? ('absent' as const) }))
      .filter((change) => change.before !== change.after),
  };
}

const line = (finding: Finding) => `  ${finding.severity.padEnd(8)} ${finding.ruleId.padEnd(26)} ${finding.target}`;

/** Plain-text diff. */
export function renderDiffTable(diff: ReportDiff): string {
  const out = [`${diff.old.file} → ${diff.new.file}: ${diff.summary.new} new, ${diff.summary.unchanged} unchanged, ${diff.summary.fixed} fixed`];
  for (const [title, findings] of [['new', diff.new_], ['fixed', diff.fixed], ['unchanged', diff.unchanged]] as const) {
    if (findings.length > 0) out.push('', `${title} (${countLine(findings)}):`, ...findings.map(line));
  }
  if (diff.targets.length > 0) out.push('', 'target status changes:', ...diff.targets.map((t) => `  ${t.url}: ${t.before} → ${t.after}`));
  return `${out.join('\n')}\n`;
}

/** JSON diff: the same fields, `new` under its own name. */
export function renderDiffJson(diff: ReportDiff): string {
  const { new_, ...rest } = diff;
  return `${jsonText({ old: rest.old, new: rest.new, summary: rest.summary, findings: { new: new_, unchanged: rest.unchanged, fixed: rest.fixed }, targets: rest.targets }, 2)}\n`;
}

/** Markdown diff for pull-request comments. */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const out = ['## corscan diff', '', `\`${cell(diff.old.file)}\` → \`${cell(diff.new.file)}\`: **${diff.summary.new} new**, ${diff.summary.unchanged} unchanged, ${diff.summary.fixed} fixed.`];
  for (const [title, findings] of [['New', diff.new_], ['Fixed', diff.fixed]] as const) {
    if (findings.length === 0) continue;
    out.push('', `### ${title}`, '', '| Severity | Rule | Target | Finding |', '| --- | --- | --- | --- |');
    for (const finding of findings) out.push(`| ${finding.severity} | \`${finding.ruleId}\` | ${cell(finding.target)} | ${cell(finding.message)} |`);
  }
  if (diff.targets.length > 0) {
    out.push('', '### Target status changes', '', '| Target | Before | After |', '| --- | --- | --- |');
    for (const target of diff.targets) out.push(`| ${cell(target.url)} | ${target.before} | ${target.after} |`);
  }
  return `${out.join('\n')}\n`;
}
