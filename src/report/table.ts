import { Chalk } from 'chalk';
import { redirectsCutNote } from './redirect-note.js';
import type { Finding } from '../model/finding.js';
import type { ScanReport, TargetResult } from '../model/report.js';
import { atOrAbove, SEVERITIES, type Severity } from '../model/severity.js';
import { FLAP_ADVICE, flapSummary } from './flapping.js';
import { worstFirst } from './order.js';
import { humanReport } from './server-text.js';
import { fixBlock, FRONT_END_PLACEHOLDER } from './target-fix.js';
import type { ReporterOptions } from './types.js';
import { hiddenNote, visibleFindings } from './visible.js';
import { wrap } from './wrap.js';

type Style = (text: string) => string;

/**
 * The styles a table uses, made once per render: every chalk property access builds a
 * new styling function, which per line dominated the render time of a large report.
 */
interface Palette {
  bold: Style;
  dim: Style;
  good: Style;
  warn: Style;
  command: Style;
  severity: Record<Severity, Style>;
}

function palette(color: boolean): Palette {
  if (!color) {
    const plain: Style = (text) => text;
    return { bold: plain, dim: plain, good: plain, warn: plain, command: plain, severity: { critical: plain, high: plain, medium: plain, low: plain, info: plain } };
  }
  const c = new Chalk({ level: 1 });
  return {
    bold: c.bold,
    dim: c.dim,
    good: c.green,
    warn: c.yellow,
    command: c.cyan,
    severity: { critical: c.bgRed.white.bold, high: c.red.bold, medium: c.yellow, low: c.cyan, info: c.gray },
  };
}

/** Width of a report that is not going to a terminal (a pipe, CI log, file) and names no COLUMNS. */
export const PIPED_COLUMNS = 100;
/** The longest rule id fits on a line of this width; narrower terminals wrap the report's lines themselves. */
const MIN_COLUMNS = 40;
/** Below this many columns for the message, it goes on its own line under severity and rule. */
const MIN_MESSAGE_COLUMNS = 30;
const SEVERITY_COLUMNS = Math.max(...SEVERITIES.map((severity) => severity.length));
const INDENT = '  ';

/** Counts per severity, worst first, for the summary line. */
export function severityCounts(findings: readonly Pick<Finding, 'severity' | 'suppressed'>[]): string {
  const counts = [...SEVERITIES]
    .reverse()
    .map((severity) => [severity, findings.filter((f) => f.severity === severity && !f.suppressed).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  return counts.length > 0 ? counts.join(', ') : 'no findings';
}

/** What the one-line summary counts; a streamed JSON run has these without a whole report. */
export interface RunCounts {
  targets: number;
  unreachable: number;
  requests: number;
  durationMs: number;
  findings: readonly Pick<Finding, 'severity' | 'suppressed'>[];
}

export function runCounts(report: ScanReport): RunCounts {
  return {
    targets: report.targets.length,
    unreachable: report.targets.filter((target) => target.status === 'unreachable').length,
    requests: report.targets.reduce((sum, target) => sum + target.requests, 0),
    durationMs: report.durationMs,
    findings: report.findings,
  };
}

/** The run in one line: targets, requests, time, counts by severity. Also printed on stderr when reports go to files. */
export function summaryLine(counts: RunCounts): string {
  return (
    `${counts.targets} target${counts.targets === 1 ? '' : 's'} scanned` +
    `${counts.unreachable > 0 ? ` (${counts.unreachable} unreachable)` : ''}, ` +
    `${counts.requests} requests in ${counts.durationMs} ms: ${severityCounts(counts.findings)}`
  );
}

const visibleLength = (text: string): number => text.replace(/\u001b\[[0-9;]*m/g, '').length;

/** Wraps `text` to `width` and indents every line; continuation lines get `hang` instead of `first`. */
function block(text: string, width: number, first: string, hang = first): string[] {
  return wrap(text, width - Math.max(first.length, hang.length)).map((line, index) => `${index === 0 ? first : hang}${line}`);
}

/**
 * Rules that could not run for want of something the user can give: an IP or localhost
 * target whose trusted origins have no domain leaves the look-alike rules nothing to
 * imitate (the reason comes from noMutationReason in probe/origin-mutations.ts).
 * Rules that do not apply by nature (plain-http targets, rules covered by a broader
 * finding) are left out: nothing was missed there.
 */
const NO_DOMAIN = /no trusted origin has a domain name/;

function notChecked(target: TargetResult): { reason: string; rules: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const outcome of target.outcomes) {
    if (outcome.status !== 'not-applicable' || !outcome.reason || !NO_DOMAIN.test(outcome.reason)) continue;
    groups.set(outcome.reason, [...(groups.get(outcome.reason) ?? []), outcome.ruleId]);
  }
  return [...groups].map(([reason, rules]) => ({ reason, rules }));
}

function groupByTarget(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = groups.get(finding.target);
    if (list) list.push(finding);
    else groups.set(finding.target, [finding]);
  }
  return groups;
}

interface Layout {
  width: number;
  ruleWidth: number;
  /** Column where the message starts, or -1 when messages go on their own line. */
  messageColumn: number;
}

function findingLines(finding: Finding, layout: Layout, c: Palette, verbose: boolean): string[] {
  const severity = c.severity[finding.severity](finding.severity) + ' '.repeat(SEVERITY_COLUMNS - finding.severity.length);
  const message = `${finding.baseline === 'new' ? '(new) ' : ''}${finding.message}`;
  const head = `${INDENT}${severity}  ${c.bold(finding.ruleId)}`;
  const out: string[] = [];
  if (layout.messageColumn < 0) {
    // Narrow terminal: severity and rule on a line (or two), the message under them.
    if (visibleLength(head) <= layout.width) out.push(head);
    else out.push(`${INDENT}${severity.trimEnd()}`, `${INDENT.length + finding.ruleId.length <= layout.width ? INDENT : ''}${c.bold(finding.ruleId)}`);
    out.push(...block(message, layout.width, INDENT.repeat(3)));
  } else {
    const pad = ' '.repeat(layout.ruleWidth - finding.ruleId.length);
    const lines = wrap(message, layout.width - layout.messageColumn);
    out.push(`${head}${pad}  ${lines[0]}`, ...lines.slice(1).map((line) => `${' '.repeat(layout.messageColumn)}${line}`));
  }
  if (verbose) {
    const indent = ' '.repeat(layout.messageColumn < 0 ? 6 : layout.messageColumn);
    for (const evidence of finding.evidence) {
      out.push(...block(`probe ${evidence.probeId}`, layout.width, indent).map((line) => c.dim(line)));
      out.push(...block(evidence.curl, layout.width, `${indent}  `, `${indent}    `).map((line) => c.dim(line)));
    }
  }
  return out;
}

function fixLines(report: Pick<ScanReport, 'findings'>, target: TargetResult, findings: readonly Finding[], options: ReporterOptions, width: number, c: Palette): string[] {
  const fix = fixBlock(report, target, findings, options.framework);
  const out = [`${INDENT}${c.bold('How to fix')}`];
  const ruleWidth = Math.max(...fix.advice.map((item) => item.ruleId.length));
  for (const item of fix.advice) {
    // Rule ids are never cut; the advice wraps beside them, or under them when the terminal is narrow.
    const column = INDENT.length * 2 + ruleWidth + 2;
    if (width - column >= MIN_MESSAGE_COLUMNS) {
      const lines = wrap(item.text, width - column);
      out.push(`${INDENT.repeat(2)}${item.ruleId.padEnd(ruleWidth)}  ${lines[0]}`, ...lines.slice(1).map((line) => `${' '.repeat(column)}${line}`));
    } else {
      out.push(`${INDENT.repeat(2)}${item.ruleId}`, ...block(item.text, width, INDENT.repeat(3)));
    }
  }
  const who =
    fix.origins.length > 0
      ? `Answer ${fix.origins.join(', ')} (each with its own origin) and no other origin:`
      : `No trusted origin is known: name your front end with --trusted-origin ${FRONT_END_PLACEHOLDER}. Answer only it:`;
  out.push(...block(who, width, INDENT.repeat(2), INDENT.repeat(3)));
  for (const header of fix.headers) out.push(...block(header, width, INDENT.repeat(3), INDENT.repeat(4)));
  out.push(...block(`preflights also: ${fix.preflight.join('; ')}`, width, INDENT.repeat(3), INDENT.repeat(4)));
  out.push(...block(`${fix.command}${options.framework ? '' : ' --framework <express|nginx|…>'}`, width, `${INDENT.repeat(2)}$ `, INDENT.repeat(4)).map((line) => c.command(line)));
  if (fix.framework) {
    if (fix.framework.code) {
      out.push(`${INDENT.repeat(2)}Fix for ${fix.framework.label}:`);
      // Code is shown as written: wrapping would break it. Long lines are the snippet's own.
      out.push(...fix.framework.code.trimEnd().split('\n').map((line) => `${INDENT.repeat(3)}${line}`));
    } else {
      out.push(...block(`Fix for ${fix.framework.label}: ${fix.framework.note}`, width, INDENT.repeat(2), INDENT.repeat(3)));
    }
  }
  return out;
}

/**
 * Human report: per target one header line, one short line per finding (worst first),
 * and one "how to fix" block; evidence only with `verbose`. Never wider than
 * `options.columns` (the caller passes the tty's width, COLUMNS, or {@link PIPED_COLUMNS}),
 * rule ids never cut. Pure; colour only when asked. Linear in the report's size.
 */
export function renderTable(unsafeReport: ScanReport, options: ReporterOptions): string {
  // Server-controlled text (header values in messages) is capped and must not drive the terminal.
  const report = humanReport(unsafeReport, { evidence: Boolean(options.verbose) });
  const c = palette(options.color);
  const width = Math.max(MIN_COLUMNS, options.columns ?? PIPED_COLUMNS);
  const shown = visibleFindings(report, options);
  const byTarget = groupByTarget(shown);
  // Every finding of a target (suppressed ones too) says what its fixed policy needs, e.g. credentials.
  const allByTarget = groupByTarget(report.findings);
  const out: string[] = [];
  for (const target of report.targets) {
    const findings = worstFirst(byTarget.get(target.url) ?? []);
    const status = target.status === 'scanned' ? c.good(target.status) : c.warn(target.status);
    const counts = findings.length > 0 ? severityCounts(findings) : target.status === 'unreachable' || target.status === 'skipped' ? 'nothing could be checked' : 'no findings';
    const error = target.error ? ` · ${target.error.code}: ${target.error.message}` : '';
    const notSent = target.notSent ? ` (${target.notSent} probes not sent)` : '';
    const headText = `${target.url} ${target.status} · ${target.requests} requests${notSent} · ${counts}${error}`;
    // Wrapped as plain text, then the URL and status coloured on the first line.
    const head = block(headText, width, '', INDENT);
    head[0] = head[0]!.replace(target.url, c.bold(target.url)).replace(` ${target.status} `, ` ${status} `);
    out.push(...head);
    const ruleWidth = Math.max(0, ...findings.map((finding) => finding.ruleId.length));
    const messageColumn = INDENT.length + SEVERITY_COLUMNS + 2 + ruleWidth + 2;
    const layout: Layout = { width, ruleWidth, messageColumn: width - messageColumn >= MIN_MESSAGE_COLUMNS ? messageColumn : -1 };
    for (const finding of findings) out.push(...findingLines(finding, layout, c, Boolean(options.verbose)));
    if (target.flapping) {
      out.push(...block(`flapping: the same request got different answers: ${flapSummary(target.flapping)}; ${FLAP_ADVICE}`, width, INDENT, INDENT.repeat(2)).map((line) => c.warn(line)));
    }
    const cut = redirectsCutNote(target);
    if (cut) out.push(...block(cut, width, INDENT, INDENT.repeat(2)).map((line) => c.warn(line)));
    for (const { reason, rules } of notChecked(target)) {
      const hint = `; name your front end with --trusted-origin ${FRONT_END_PLACEHOLDER} to check them`;
      out.push(...block(`not checked: ${rules.join(', ')} (${reason}${hint})`, width, INDENT, INDENT.repeat(2)).map((line) => c.warn(line)));
    }
    // Info-only targets (public data with `*`) need no fix; a target from a HAR gets one for
    // any finding: there, even the info one names a tighter policy.
    if (findings.some((finding) => atOrAbove(finding.severity, 'low') || target.har)) out.push(...fixLines({ findings: allByTarget.get(target.url) ?? [] }, target, findings, options, width, c));
    out.push('');
  }
  out.push(...wrap(summaryLine(runCounts(report)), width));
  const note = hiddenNote(report, options);
  if (note) out.push(...wrap(note, width));
  if (report.baseline) {
    out.push(...wrap(`baseline ${report.baseline.file}: ${report.baseline.new} new, ${report.baseline.unchanged} unchanged, ${report.baseline.fixed.length} fixed`, width));
  }
  return `${out.join('\n')}\n`;
}
