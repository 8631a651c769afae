import type { Finding } from '../model/finding.js';
import type { ScanReport, TargetResult } from '../model/report.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * Characters of one server-derived value a human format shows. A hostile server can
 * send a 60 KB header value or 2,000 header lines; a reader needs the start of it
 * and its size, and the full text stays in the JSON report.
 */
export const SERVER_TEXT_LIMIT = 200;
/** A whole finding message in a human format: prose plus a few capped values. */
const MESSAGE_LIMIT = 1000;
/** Response header lines shown per piece of evidence (a server can send thousands). */
const HEADER_LINES_LIMIT = 100;

/** `text` cut to `limit` characters, with its full size in UTF-8 bytes: `abc…(60012 bytes)`. */
export function capText(text: string, limit = SERVER_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}…(${Buffer.byteLength(text)} bytes)`;
}

function capHeaders(headers: readonly [string, string][]): [string, string][] {
  const shown = headers.slice(0, HEADER_LINES_LIMIT).map(([name, value]) => [capText(name), capText(value)] as [string, string]);
  if (headers.length > HEADER_LINES_LIMIT) shown.push(['…', `${headers.length - HEADER_LINES_LIMIT} more header lines`]);
  return shown;
}

/** A finding whose message and data carry server values cut to {@link SERVER_TEXT_LIMIT}. */
function capFinding(finding: Finding): Finding {
  let message = finding.message;
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(finding.data)) {
    const capped = capText(value);
    // Messages embed data values verbatim; split/join is linear in the message.
    if (capped !== value && value !== '') message = message.split(value).join(capped);
    data[key] = capped;
  }
  const evidence = finding.evidence.map((item) => ({
    ...item,
    curl: capText(item.curl, 4 * SERVER_TEXT_LIMIT),
    ...(item.response
      ? { response: { ...item.response, headers: capHeaders(item.response.headers) } }
      : {}),
  }));
  return { ...finding, message: capText(message, MESSAGE_LIMIT), data, evidence };
}

/** A target's server-derived text (its error, a cut redirect's Location, a flapping server's header values) capped. */
function capTarget(target: TargetResult): TargetResult {
  return {
    ...target,
    ...(target.error ? { error: { ...target.error, message: capText(target.error.message, 2 * SERVER_TEXT_LIMIT) } } : {}),
    // A server names the Location: capped like any server value.
    ...(target.redirectsCut ? { redirectsCut: { ...target.redirectsCut, location: capText(target.redirectsCut.location) } } : {}),
    ...(target.flapping ? { flapping: target.flapping.map((flap) => ({ ...flap, values: flap.values.map((value) => capText(value)) })) } : {}),
  };
}

/**
 * The report as human formats (table, markdown, HTML) show it: server-derived values
 * capped, and control characters (C0 and C1, e.g. an 8-bit CSI) made visible so
 * nothing a server sends can drive the terminal that shows the report. Without
 * `evidence`, findings carry none (for formats that do not show it).
 */
export function humanReport(report: ScanReport, { evidence = true }: { evidence?: boolean } = {}): ScanReport {
  // A format that shows no evidence skips copying it: most of a report's bytes are evidence.
  const cap = (finding: Finding) => capFinding(evidence ? finding : { ...finding, evidence: [] });
  const capped: ScanReport = {
    ...report,
    targets: report.targets.map(capTarget),
    findings: report.findings.map(cap),
    ...(report.baseline ? { baseline: { ...report.baseline, fixed: report.baseline.fixed.map(cap) } } : {}),
  };
  return terminalSafe(capped);
}
