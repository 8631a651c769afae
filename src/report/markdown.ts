import type { Finding } from '../model/finding.js';
import { redirectsCutNote } from './redirect-note.js';
import type { ScanReport } from '../model/report.js';
import { SEVERITIES } from '../model/severity.js';
import { FLAP_ADVICE } from './flapping.js';
import { humanReport } from './server-text.js';
import { targetsWorstFirst, worstFirst } from './order.js';
import { terminalSafeText } from './terminal-safe.js';
import type { ReporterOptions } from './types.js';
import { hiddenNote, visibleFindings } from './visible.js';

/** Rows listed per table before "and N more", so a summary stays readable. */
export const MAX_MARKDOWN_ROWS = 200;
/**
 * $GITHUB_STEP_SUMMARY takes at most 1 MiB per step and GitHub drops a bigger one
 * whole; pull-request comments stop at 65,536 characters. The report stops adding rows
 * before this many bytes, with room left for the closing notes.
 */
export const MAX_MARKDOWN_BYTES = 1_000_000;

/**
 * ASCII punctuation that means something inside a table cell (CommonMark + GFM): links
 * and images, emphasis, code, strikethrough, cell borders; a backslash makes each
 * literal. `-`, `.`, `+` and `#` only mean something at the start of a line, which a
 * cell never is; `<`, `>` and `&` become entities.
 */
const METACHARACTERS = /[\\`*_{}[\]()!|~]/g;

/**
 * Makes text inert inside a Markdown table cell: every metacharacter escaped (so
 * `![x](http://…)` stays text, never an image or link), `<` and `&` as entities (no
 * HTML), line breaks as spaces (a table row is one line), controls made visible.
 */
export function cell(text: string): string {
  return terminalSafeText(text)
    .replace(/\s+/g, ' ')
    .replace(METACHARACTERS, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A code span that shows `text` verbatim: fenced with one backtick more than its
 * longest run of backticks, padded when it starts or ends with one, and `|` escaped
 * (GFM splits table cells at `|` even inside code spans).
 */
export function codeSpan(text: string): string {
  const flat = terminalSafeText(text).replace(/\s+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') || flat.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** Values shorter than this are escaped as prose: a code span around `a` in every word would garble the sentence. */
const MIN_CODE_VALUE = 3;

/**
 * A finding's message for a table cell: the values it quotes from the server (its
 * data) as code spans, the prose around them escaped.
 */
export function messageCell(finding: Pick<Finding, 'message' | 'data'>): string {
  const values = [...new Set(Object.values(finding.data))].filter((value) => value.trim().length >= MIN_CODE_VALUE).sort((a, b) => b.length - a.length);
  let parts: { text: string; code: boolean }[] = [{ text: finding.message, code: false }];
  for (const value of values) {
    parts = parts.flatMap((part) => {
      if (part.code || !part.text.includes(value)) return [part];
      return part.text.split(value).flatMap((text, index) => (index === 0 ? [{ text, code: false }] : [{ text: value, code: true }, { text, code: false }]));
    });
  }
  return parts.map((part) => (part.code ? codeSpan(part.text) : cell(part.text))).join('');
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

/** Appends lines while the document stays under its byte budget. */
class Budget {
  readonly lines: string[] = [];
  #bytes = 0;
  constructor(readonly limit: number) {}
  /** Adds `line` if it fits; false when it does not (nothing is added). */
  add(line: string): boolean {
    const size = Buffer.byteLength(line) + 1;
    if (this.#bytes + size > this.limit) return false;
    this.lines.push(line);
    this.#bytes += size;
    return true;
  }
  /** Adds a table's rows up to `maxRows` and the budget; then a line saying how many were left out. */
  table(rows: readonly string[], maxRows: number, what: string): void {
    let shown = 0;
    while (shown < rows.length && shown < maxRows && this.add(rows[shown]!)) shown += 1;
    if (shown < rows.length) this.lines.push('', `…and ${rows.length - shown} more ${what}; see the JSON report.`);
  }
}

/** Room kept for the lines that say what was left out. */
const RESERVE_BYTES = 4096;

/**
 * Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments, worst first. Pure;
 * no colour. Server text is inert (code spans, escaped prose) and capped, and the
 * whole document stays under {@link MAX_MARKDOWN_BYTES}.
 */
export function renderMarkdown(unsafeReport: ScanReport, options: ReporterOptions): string {
  const report = humanReport(unsafeReport, { evidence: false });
  const shown = worstFirst(visibleFindings(report, options));
  const active = report.findings.filter((finding) => !finding.suppressed);
  const out = new Budget(MAX_MARKDOWN_BYTES - RESERVE_BYTES);
  out.add('## corscan report');
  out.add('');
  const unreachable = report.targets.filter((target) => target.status === 'unreachable');
  out.add(
    `**${report.targets.length} target${report.targets.length === 1 ? '' : 's'}** scanned` +
      `${unreachable.length > 0 ? ` (${unreachable.length} unreachable)` : ''}: ${countLine(active)}` +
      ` (fail-on: \`${report.options.failOn}\`).`,
  );
  if (report.baseline) {
    out.add('');
    out.add(`Compared with ${codeSpan(report.baseline.file)}: ${report.baseline.new} new, ${report.baseline.unchanged} unchanged, ${report.baseline.fixed.length} fixed.`);
  }
  const note = hiddenNote(report, options);
  if (note) {
    out.add('');
    out.add(`_${cell(note)}._`);
  }
  if (shown.length > 0) {
    for (const line of ['', '### Findings', '', `| Severity | Rule | Target | Finding |${report.baseline ? ' Baseline |' : ''}`, `| --- | --- | --- | --- |${report.baseline ? ' --- |' : ''}`]) out.add(line);
    const rows = shown.map(
      (finding) =>
        `| ${finding.severity} | [\`${finding.ruleId}\`](${finding.docsUrl}) | ${cell(finding.target)} | ${messageCell(finding)} |` +
        `${report.baseline ? ` ${finding.baseline ?? ''} |` : ''}`,
    );
    out.table(rows, MAX_MARKDOWN_ROWS, 'findings');
  }
  for (const line of ['', '### Targets', '', '| Target | Status | Requests | Findings |', '| --- | --- | ---: | ---: |']) out.add(line);
  const counts = new Map<string, number>();
  for (const finding of shown) counts.set(finding.target, (counts.get(finding.target) ?? 0) + 1);
  out.table(
    targetsWorstFirst(report.targets, shown).map((target) => {
      const cut = redirectsCutNote(target);
      const status = `${target.error ? `${target.status} (${target.error.code})` : target.status}${cut ? `; ${cell(cut)}` : ''}`;
      return `| ${cell(target.url)} | ${status} | ${target.requests} | ${counts.get(target.url) ?? 0} |`;
    }),
    MAX_MARKDOWN_ROWS,
    'targets',
  );
  const flapping = report.targets.flatMap((target) => (target.flapping ?? []).map((flap) => ({ target, flap })));
  if (flapping.length > 0) {
    for (const line of ['', '### Flapping servers', '', `The same request got different answers: ${FLAP_ADVICE}.`, '', '| Target | Probe | Field | Answers, in order |', '| --- | --- | --- | --- |']) out.add(line);
    out.table(
      flapping.map(({ target, flap }) => `| ${cell(target.url)} | ${codeSpan(flap.probeId)} | ${codeSpan(flap.field)} | ${flap.values.map(codeSpan).join(' → ')} |`),
      MAX_MARKDOWN_ROWS,
      'flapping fields',
    );
  }
  if (report.baseline && report.baseline.fixed.length > 0) {
    for (const line of ['', '### Fixed since the baseline', '', '| Severity | Rule | Target |', '| --- | --- | --- |']) out.add(line);
    out.table(
      worstFirst(report.baseline.fixed).map((finding) => `| ${finding.severity} | \`${finding.ruleId}\` | ${cell(finding.target)} |`),
      MAX_MARKDOWN_ROWS,
      'fixed findings',
    );
  }
  return `${out.lines.join('\n')}\n`;
}
