import { Chalk, type ChalkInstance } from 'chalk';
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type { ScanReport } from '../model/report.js';
import { atOrAbove, SEVERITIES, type Severity } from '../model/severity.js';
import { terminalSafe } from './terminal-safe.js';
import type { ReporterOptions } from './types.js';
import { renderTargetFix } from './target-fix.js';
import { hiddenNote, visibleFindings } from './visible.js';

const SEVERITY_STYLE: Record<Severity, (c: ChalkInstance) => ChalkInstance> = {
  critical: (c) => c.bgRed.white.bold,
  high: (c) => c.red.bold,
  medium: (c) => c.yellow,
  low: (c) => c.cyan,
  info: (c) => c.gray,
};

// cli-table3 (CommonJS) is required on first use, so commands that print no table start faster.
const require = createRequire(import.meta.url);
let Table: typeof TableType | undefined;

/** Counts per severity, worst first, for the summary line. */
export function severityCounts(report: ScanReport): string {
  const counts = SEVERITIES.map((severity) => [severity, report.findings.filter((f) => f.severity === severity && !f.suppressed).length] as const)
    .filter(([, count]) => count > 0)
    .reverse()
    .map(([severity, count]) => `${count} ${severity}`);
  return counts.length > 0 ? counts.join(', ') : 'no findings';
}

/**
 * Greedy word wrap that breaks only over-long words (URLs, header values), since
 * cli-table3 either truncates them or breaks every word mid-way.
 */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(' ')) {
        for (let rest = word; rest.length > 0; ) {
          const room = line === '' ? width : width - line.length - 1;
          if (rest.length <= room) {
            line = line === '' ? rest : `${line} ${rest}`;
            rest = '';
          } else if (line !== '' && rest.length <= width) {
            lines.push(line);
            line = '';
          } else {
            const cut = line === '' ? width : room;
            if (cut <= 0) {
              lines.push(line);
              line = '';
              continue;
            }
            line = line === '' ? rest.slice(0, cut) : `${line} ${rest.slice(0, cut)}`;
            lines.push(line);
            line = '';
            rest = rest.slice(cut);
          }
        }
      }
      if (line !== '') lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

/** Human report: one table per target, then a summary line. Pure; colour only when asked. */
export function renderTable(unsafeReport: ScanReport, options: ReporterOptions): string {
  // Server-controlled text (header values in messages) must not drive the terminal.
  const report = terminalSafe(unsafeReport);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(80, options.columns ?? 100);
  const probeWidth = 22;
  const severityWidth = 10;
  // Rule ids are what users grep for and put in ignore files: never cut them.
  const ruleWidth = Math.max(8, ...report.findings.map((finding) => finding.ruleId.length)) + 2;
  const messageWidth = Math.max(30, width - probeWidth - severityWidth - ruleWidth - 5);
  const out: string[] = [];
  const shown = visibleFindings(report, options);
  for (const target of report.targets) {
    const findings = shown.filter((finding) => finding.target === target.url);
    const status = target.status === 'scanned' ? c.green(target.status) : c.yellow(target.status);
    out.push(`${c.bold(target.url)}  ${status}, ${target.requests} requests${target.error ? `, ${target.error.code}: ${target.error.message}` : ''}`);
    if (findings.length === 0) {
      out.push(c.green(target.status === 'unreachable' ? '  nothing could be checked' : '  no findings'), '');
      continue;
    }
    // cli-table3 colours heads and borders even when piped; we colour cells ourselves.
    Table ??= require('cli-table3') as typeof TableType;
    const table = new Table({
      head: ['Severity', 'Rule', 'Finding', 'Probe'].map((head) => c.bold(head)),
      colWidths: [severityWidth, ruleWidth, messageWidth, probeWidth],
      style: { head: [], border: [] },
    });
    for (const finding of findings) {
      table.push([
        SEVERITY_STYLE[finding.severity](c)(finding.severity),
        finding.baseline === 'new' ? `${finding.ruleId}\n${c.bold('(new)')}` : finding.ruleId,
        `${wrapText(finding.message, messageWidth - 2)}\n${c.dim(wrapText(`fix: ${finding.remediation}`, messageWidth - 2))}`,
        wrapText(finding.evidence.map((evidence) => evidence.probeId).slice(0, 2).join('\n'), probeWidth - 2),
      ]);
    }
    out.push(table.toString(), '');
    // Info-only targets (public data with `*`) need no fix.
    // A target from a HAR gets its configuration for any finding: there, even the info one names a tighter policy.
    if (options.framework && findings.some((f) => atOrAbove(f.severity, 'low') || target.har)) out.push(renderTargetFix(report, target, options.framework, c), '');
  }
  const unreachable = report.targets.filter((target) => target.status === 'unreachable').length;
  out.push(
    `${report.targets.length} target${report.targets.length === 1 ? '' : 's'} scanned` +
      `${unreachable > 0 ? ` (${unreachable} unreachable)` : ''}, ` +
      `${report.targets.reduce((sum, target) => sum + target.requests, 0)} requests in ${report.durationMs} ms: ${severityCounts(report)}`,
  );
  const note = hiddenNote(report, options);
  if (note) out.push(note);
  if (report.baseline) {
    out.push(`baseline ${report.baseline.file}: ${report.baseline.new} new, ${report.baseline.unchanged} unchanged, ${report.baseline.fixed.length} fixed`);
  }
  return `${out.join('\n')}\n`;
}
