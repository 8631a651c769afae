import type { Finding } from '../model/finding.js';
import { redirectsCutNote } from './redirect-note.js';
import type { ScanReport, TargetResult } from '../model/report.js';
import { SEVERITIES, type Severity } from '../model/severity.js';
import { targetsWorstFirst, worstFirst } from './order.js';
import { FLAP_ADVICE, flapSummary } from './flapping.js';
import { humanReport } from './server-text.js';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A URL escaped with break opportunities after `/`, `.`, `?`, `&` and `=`: a long URL
 * wraps at its separators, never letter by letter in the middle of a word.
 */
export function escapeUrl(url: string): string {
  return url
    .split(/(?<=[/.?&=])/)
    .map(escapeHtml)
    .join('<wbr>');
}

const COLORS: Record<Severity, string> = {
  critical: '#7f1d1d',
  high: '#dc2626',
  medium: '#d97706',
  low: '#0891b2',
  info: '#6b7280',
};
const WORST_FIRST = [...SEVERITIES].reverse();

/** Inline SVG bar chart of findings per severity: no script, no external resource. */
function chart(findings: readonly Finding[]): string {
  const counts = WORST_FIRST.map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const);
  const max = Math.max(1, ...counts.map(([, count]) => count));
  const rowHeight = 26;
  const bars = counts
    .map(([severity, count], i) => {
      const width = Math.round((count / max) * 300);
      const y = i * rowHeight;
      return (
        `<text x="0" y="${y + 17}" class="label">${severity}</text>` +
        `<rect x="80" y="${y + 4}" width="${Math.max(width, count > 0 ? 2 : 0)}" height="18" rx="3" fill="${COLORS[severity]}"><title>${count} ${severity}</title></rect>` +
        `<text x="${88 + width}" y="${y + 17}" class="count">${count}</text>`
      );
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="findings per severity" width="440" height="${counts.length * rowHeight}" viewBox="0 0 440 ${counts.length * rowHeight}">${bars}</svg>`;
}

function headerList(headers: readonly [string, string][] | Record<string, string>): string {
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  return pairs.map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(value)}`).join('\n');
}

function findingBlock(finding: Finding): string {
  const evidence = finding.evidence
    .map(
      (e) => `<div class="evidence">
<h4>${escapeHtml(e.probeId)}</h4>
<pre class="http">${escapeHtml(e.request.method)} ${escapeHtml(e.request.url)}
${headerList(e.request.headers)}</pre>
${e.response ? `<pre class="http">HTTP ${escapeHtml(e.response.status)}\n${headerList(e.response.headers)}</pre>` : '<p>no response</p>'}
<p class="curl-label">Reproduce:</p><pre class="curl">${escapeHtml(e.curl)}</pre>
</div>`,
    )
    .join('\n');
  return `<details class="finding" data-severity="${escapeHtml(finding.severity)}" data-rule="${escapeHtml(finding.ruleId)}">
<summary><span class="sev sev-${escapeHtml(finding.severity)}">${escapeHtml(finding.severity)}</span> <code>${escapeHtml(finding.ruleId)}</code> ${escapeHtml(finding.message)} <span class="target">${escapeUrl(finding.target)}</span></summary>
<p><strong>${escapeHtml(finding.title)}</strong></p>
<p>Fix: ${escapeHtml(finding.remediation)} <a href="${escapeHtml(finding.docsUrl)}">rule documentation</a></p>
<p class="fingerprint">fingerprint ${escapeHtml(finding.fingerprint)}</p>
${evidence}
</details>`;
}

function targetRow(target: TargetResult, findings: number): string {
  return (
    `<tr class="status-${escapeHtml(target.status)}"><td class="url" data-label="target">${escapeUrl(target.url)}</td><td class="word" data-label="status">${escapeHtml(target.status)}</td>` +
    `<td class="num" data-label="requests">${target.requests}</td><td class="num" data-label="failed">${target.failedRequests}</td><td class="num" data-label="findings">${findings}</td>` +
    `<td class="text" data-label="error">${[target.error ? `${target.error.code}: ${target.error.message}` : '', redirectsCutNote(target) ?? ''].filter(Boolean).map(escapeHtml).join('<br>')}</td></tr>`
  );
}

/** Targets whose server answered the same request differently, with the values that changed. */
function flappingSection(targets: readonly TargetResult[]): string {
  const flapping = targets.filter((target) => target.flapping);
  if (flapping.length === 0) return '';
  const items = flapping.map((target) => `<li>${escapeUrl(target.url)}: ${escapeHtml(flapSummary(target.flapping!))}</li>`).join('\n');
  return `<h2 id="flapping">Flapping servers</h2>\n<p>The same request got different answers: ${escapeHtml(FLAP_ADVICE)}.</p>\n<ul>\n${items}\n</ul>`;
}

/** Hides findings below the chosen severity or of other rules; the page works without it too. */
const FILTER_SCRIPT = `
(function () {
  var order = ${JSON.stringify(SEVERITIES)};
  var sev = document.getElementById('filter-severity');
  var rule = document.getElementById('filter-rule');
  var shown = document.getElementById('shown');
  function apply() {
    var min = order.indexOf(sev.value), count = 0;
    document.querySelectorAll('.finding').forEach(function (el) {
      var ok = order.indexOf(el.dataset.severity) >= min && (rule.value === '' || el.dataset.rule === rule.value);
      el.hidden = !ok;
      if (ok) count++;
    });
    shown.textContent = String(count);
  }
  sev.addEventListener('change', apply);
  rule.addEventListener('change', apply);
  apply();
})();`;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1.5rem;color:#111827;background:#f9fafb}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}h4{margin:.5rem 0 .25rem;font-size:.9rem}
.meta{color:#4b5563}.banner{background:#fef3c7;border:1px solid #d97706;padding:.5rem 1rem;border-radius:6px}
.summary{display:flex;gap:2rem;align-items:center;flex-wrap:wrap}.chart .label{font-size:13px;fill:#374151}.chart .count{font-size:13px;fill:#111827}
.totals{font-size:1rem}table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #e5e7eb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th,.num,.word{white-space:nowrap}.url,.text{overflow-wrap:break-word}
th{background:#f3f4f6}.num{text-align:right}.status-unreachable td,.status-skipped td{color:#b91c1c}.status-partial td{color:#b45309}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0}.finding{background:#fff;border:1px solid #e5e7eb;border-radius:6px;margin:.4rem 0;padding:.4rem .75rem}
.finding summary{cursor:pointer}.target{color:#6b7280;overflow-wrap:break-word}.finding summary code{white-space:nowrap}.sev{display:inline-block;min-width:4.5rem;text-align:center;color:#fff;border-radius:4px;padding:0 .3rem;font-size:.8rem;text-transform:uppercase}
${SEVERITIES.map((s) => `.sev-${s}{background:${COLORS[s]}}`).join('')}
@media (max-width:640px){body{padding:.75rem}#targets thead{display:none}#targets tr{display:block;border:1px solid #e5e7eb;margin:.4rem 0}
#targets td{display:block;border:0;white-space:normal;text-align:left}#targets td:empty{display:none}#targets td::before{content:attr(data-label) ": ";color:#6b7280}}
pre{background:#111827;color:#f9fafb;padding:.5rem;border-radius:4px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}.fingerprint{color:#6b7280;font-size:.8rem}.curl-label{margin:.25rem 0 0}`;

/**
 * A self-contained HTML report: inline CSS, inline SVG and a few lines of inline
 * script, and a Content-Security-Policy that forbids every external load, so the
 * file opens offline and leaks nothing about the audit when viewed. Every value
 * from the scanned servers is escaped: a hostile header must not script the page.
 */
export function renderHtml(unsafeReport: ScanReport): string {
  // Server values capped and control characters made visible, as in every human format.
  const report = humanReport(unsafeReport);
  const findings = worstFirst(report.findings);
  const byTarget = new Map<string, number>();
  for (const finding of report.findings) byTarget.set(finding.target, (byTarget.get(finding.target) ?? 0) + 1);
  const rules = [...new Set(report.findings.map((finding) => finding.ruleId))].sort();
  const requests = report.targets.reduce((sum, target) => sum + target.requests, 0);
  const notChecked = report.targets.filter((target) => target.status === 'unreachable' || target.status === 'skipped').length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>corscan report: ${report.findings.length} findings on ${report.targets.length} targets</title>
<style>${STYLE}</style>
</head>
<body>
<h1>corscan report</h1>
<p class="meta">${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)} · started ${escapeHtml(report.startedAt)} · ${report.durationMs} ms · fail-on ${escapeHtml(report.options.failOn)}${report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : ''}</p>
${report.interrupted ? '<p class="banner" id="interrupted">This scan was interrupted: the report is partial.</p>' : ''}
<section class="summary">
${chart(report.findings)}
<div class="totals"><p><strong>${report.findings.length}</strong> findings on <strong>${report.targets.length}</strong> targets, ${requests} requests</p>${notChecked > 0 ? `<p>${notChecked} targets could not be checked</p>` : ''}</div>
</section>
<h2>Targets</h2>
<table id="targets"><thead><tr><th>target</th><th>status</th><th>requests</th><th>failed</th><th>findings</th><th>error</th></tr></thead>
<tbody>
${targetsWorstFirst(report.targets, report.findings).map((target) => targetRow(target, byTarget.get(target.url) ?? 0)).join('\n')}
</tbody></table>
${flappingSection(report.targets)}
<h2>Findings</h2>
<div class="filters">
<label>Severity at least <select id="filter-severity">${SEVERITIES.map((s) => `<option value="${s}">${s}</option>`).join('')}</select></label>
<label>Rule <select id="filter-rule"><option value="">all rules</option>${rules.map((r) => `<option value="${escapeHtml(r)}">${escapeHtml(r)}</option>`).join('')}</select></label>
<span><span id="shown">${report.findings.length}</span> shown</span>
</div>
<div id="findings">
${findings.map(findingBlock).join('\n')}
</div>
<script>${FILTER_SCRIPT}</script>
</body>
</html>
`;
}
