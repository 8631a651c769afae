import type { Exchange } from '../model/exchange.js';
import type { ExpectedPolicy } from '../model/expected-policy.js';
import type { Evidence, Finding } from '../model/finding.js';
import type { FrontEndUsage } from '../model/front-end-usage.js';
import type { Observations } from '../model/observation.js';
import type { ProbeSpec } from '../model/probe.js';
import type { ReportOptions, ScanReport, TargetResult } from '../model/report.js';
import type { Rule } from '../model/rule.js';
import { renderMessage } from '../model/rule.js';
import type { FailOn } from '../model/severity.js';
import type { Transport } from '../http/transport.js';
import { observe, toCorsView } from '../observe/cors-view.js';
import { broaderGrant } from '../probe/broader-grant.js';
import { exactlyTrusted, learnTrustedOrigins } from '../probe/learn.js';
import { isSafeProbe, planProbes } from '../probe/plan.js';
import { describeSite, trustedOrigins } from '../probe/site.js';
import { grantedPolicy } from '../fix/granted-policy.js';
import { remediationFor } from '../fix/remediation.js';
import { assembleReport, reportHead } from './assemble-report.js';
import { ruleDocsUrl } from '../rules/shared/docs-url.js';
import { toCurl, type CurlConnection } from './curl.js';
import { evaluate } from './evaluate.js';
import { fingerprint } from './fingerprint.js';
import { compareAnswers, FLAP_REPEATS, flapSample } from './flapping.js';
import { RedactionPolicy } from './redaction.js';

export interface ScanOptions {
  rules: readonly Rule[];
  /** Sent with every probe (`--header`). */
  headers: Record<string, string>;
  /** `--trusted-origin` values. */
  trustedOrigins: string[];
  failOn: FailOn;
  /** Targets scanned at the same time. */
  concurrency: number;
  /** Header names (lower-case) redacted in every output, besides the defaults. */
  secretHeaders: string[];
  showSecrets: boolean;
  /** The run's redaction policy; built from the fields above (and each target's headers) when absent. */
  redaction?: RedactionPolicy;
  tool: { name: string; version: string };
  /** Connection settings the evidence's curl lines repeat (`-k`, `--resolve`). */
  curl?: CurlConnection;
  /** Also send probes whose method may change state (`--unsafe-methods`): actual POSTs without a body, HAR endpoints included. */
  unsafeMethods?: boolean;
}

/** A target with its own settings (from a config file or the demo lab); plain URLs use the run's. */
export interface TargetSpec {
  url: string;
  /** Added to the run's `--trusted-origin` values. */
  trustedOrigins?: string[];
  /** Added to (and overriding) the run's `--header` values. */
  headers?: Record<string, string>;
  /** The intended CORS policy; differences are reported by the policy-drift rule. */
  expect?: ExpectedPolicy;
  /** What the site's front end sends to this target, recorded in a HAR (`--har`). */
  usage?: FrontEndUsage;
}

/** One target's probes, observations and findings. */
export interface TargetScan {
  result: TargetResult;
  findings: Finding[];
  exchanges: Exchange[];
}

/** Scans one target: stage-1 probes, learning, stage-2 probes, rules. */
export async function scanTarget(target: string | TargetSpec, options: ScanOptions, transport: Transport): Promise<TargetScan> {
  const spec = typeof target === 'string' ? { url: target } : target;
  const site = describeSite(spec.url, [...new Set([...options.trustedOrigins, ...(spec.trustedOrigins ?? [])])]);
  if (spec.expect) {
    site.expected = spec.expect;
    // Origins the policy allows are, by definition, origins the site trusts.
    const listed = (spec.expect.allowedOrigins ?? []).filter((origin) => origin !== '*');
    site.declaredTrustedOrigins = [...new Set([...site.declaredTrustedOrigins, ...listed])];
  }
  if (options.unsafeMethods) site.unsafeMethods = true;
  if (spec.usage) {
    site.usage = spec.usage;
    // The pages that call the endpoint are, by definition, origins the site trusts.
    site.declaredTrustedOrigins = [...new Set([...site.declaredTrustedOrigins, ...spec.usage.pageOrigins])];
  }
  const headers = { ...options.headers, ...spec.headers };
  const redaction = options.redaction ?? redactionOf(options);
  // Known before the first probe is sent, so a recording scrubs the target's own secrets when echoed.
  redaction.learnHeaders(headers);
  const families = [...new Set(options.rules.flatMap((rule) => rule.requires))];
  // Safe by default: without --unsafe-methods nothing but GET, HEAD and OPTIONS goes on the
  // wire (RFC 9110 §9.2.1), whatever a family drafts; a HAR's state-changing calls are asked
  // about by their preflights instead.
  const send = (plan: ProbeSpec[]) => plan.filter((probe) => options.unsafeMethods || isSafeProbe(probe)).map((probe) => transport.send(probe));
  const stage1 = planProbes(site, families, 1, headers);
  const exchanges = await Promise.all(send(stage1));
  const answered = exchanges.flatMap((exchange) => (exchange.response ? [toCorsView({ ...exchange, response: exchange.response })] : []));
  site.learnedTrustedOrigins = learnTrustedOrigins(site, answered);
  const broader = broaderGrant(site, answered);
  if (broader) site.broaderGrant = broader;
  const stage2 = planProbes(site, families, 2, headers, stage1);
  exchanges.push(...(await Promise.all(send(stage2))));
  // One sample sent again, once every probe has its answer (engine/flapping.ts); the repeats go
  // together, so a slow server costs one more timeout, not two. They are requests on the wire
  // (counted, recorded) but not probes: the rules judge the first answer, and a failed repeat
  // leaves the verdicts whole (it counts in failedRequests only).
  const sample = flapSample(exchanges);
  const repeats = sample ? await Promise.all(Array.from({ length: FLAP_REPEATS }, () => transport.send(sample.probe))) : [];
  const sentRepeats = repeats.filter((exchange) => !exchange.notSent);
  // A flapping server keeps its status and the gate its verdicts: a finding seen in one answer is
  // exploitable (an attacker retries until that answer comes), and the warning (report, stderr)
  // says that a pass holds only for the answers seen.
  const flapping = sample ? compareAnswers(sample.probe.id, [sample, ...repeats]) : [];

  const obs = observe(site, exchanges);
  // The report and every fix name only origins an exact matcher granted: a candidate that only a
  // broken matcher (a suffix regex, a subdomain pattern) let through is not trusted.
  const trustedSite = { ...site, learnedTrustedOrigins: exactlyTrusted(site, obs.views) };
  site.granted = grantedPolicy(obs.views, trustedOrigins(trustedSite));
  trustedSite.granted = site.granted;
  const { outcomes, results } = evaluate(options.rules, obs);
  const failed = exchanges.filter((exchange) => !exchange.response);
  const firstError = failed[0]?.error;
  // Honest numbers: requests are what went on the wire; probes never sent are counted apart.
  const notSent = exchanges.filter((exchange) => exchange.notSent).length;
  // Redirect hops and the 404 sibling may be elsewhere; the target's own origin is what it spoke.
  const cut = exchanges.filter((exchange) => exchange.cutRedirect);
  const firstCut = cut[0]?.cutRedirect;
  const protocol = exchanges.find((exchange) => exchange.response?.protocol && !exchange.hops && new URL(exchange.probe.url).origin === site.origin)?.response?.protocol;
  const result: TargetResult = {
    url: site.url,
    status: failed.length === 0 ? 'scanned' : failed.length === exchanges.length ? 'unreachable' : 'partial',
    requests: exchanges.length - notSent + sentRepeats.length,
    failedRequests: failed.length - notSent + sentRepeats.filter((exchange) => !exchange.response).length,
    ...(notSent > 0 ? { notSent } : {}),
    ...(firstError ? { error: firstError } : {}),
    ...(protocol ? { protocol } : {}),
    ...(flapping.length > 0 ? { flapping } : {}),
    ...(firstCut ? { redirectsCut: { maxHops: firstCut.maxHops, probes: cut.length, location: firstCut.location } } : {}),
    trustedOrigins: { declared: site.declaredTrustedOrigins, learned: trustedSite.learnedTrustedOrigins },
    granted: site.granted,
    ...(site.usage ? { har: site.usage } : {}),
    outcomes,
  };
  const findings = results.map(({ rule, messageId, data, evidence, severity }): Finding => ({
    ruleId: rule.id,
    messageId,
    title: rule.meta.title,
    message: renderMessage(rule, messageId, data),
    data,
    severity,
    target: site.url,
    evidence: evidence.map((id) => toEvidence(obs, id, redaction, options.curl)),
    remediation: remediationFor({ rule, messageId, data, site: trustedSite }),
    fingerprint: fingerprint(rule.id, site.url, messageId, data),
    docsUrl: ruleDocsUrl(rule.id),
  }));
  // Secret headers are redacted by name above; this catches the rest (a server echoing the token
  // in another header, an error quoting it, a secret in the URL) before the result reaches any output.
  return { result: redaction.deep(result), findings: redaction.deep(findings), exchanges: [...exchanges, ...sentRepeats] };
}

/** The policy a library caller gets from the plain options (the CLI passes the run's own). */
export function redactionOf(options: Pick<ScanOptions, 'showSecrets' | 'secretHeaders' | 'headers'>): RedactionPolicy {
  return new RedactionPolicy({ showSecrets: options.showSecrets, secretHeaders: options.secretHeaders, headers: [options.headers] });
}

function toEvidence(obs: Observations, id: Evidence['probeId'], redaction: RedactionPolicy, connection?: CurlConnection): Evidence {
  const view = obs.get(id);
  const spec = view?.probe ?? obs.planned.find((probe) => probe.id === id)!;
  const request = { method: spec.method, url: spec.url, headers: redaction.requestHeaders(spec.headers) };
  return {
    probeId: id,
    request,
    ...(view ? { response: { status: view.status, headers: redaction.responseHeaders(view.headers) } } : {}),
    curl: toCurl(request, connection),
  };
}

/** Runs `worker` over `items` with at most `limit` in flight, keeping result order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Scans every target and assembles the report. */
export async function scan(targets: readonly (string | TargetSpec)[], options: ScanOptions, transport: Transport): Promise<ScanReport> {
  const started = Date.now();
  const run = { ...options, redaction: options.redaction ?? redactionOf(options) };
  const scans = await mapLimit(targets, options.concurrency, (target) => scanTarget(target, run, transport));
  const head = reportHead({ tool: options.tool, startedAt: started, durationMs: Date.now() - started, options: engineReportOptions(options) });
  return assembleReport(head, scans.map((s) => s.result), scans.flatMap((s) => s.findings));
}

/** The report options the engine knows; the CLI adds its own (cli/output/report-pipeline.ts). */
export function engineReportOptions(options: Pick<ScanOptions, 'failOn' | 'rules' | 'trustedOrigins'>): ReportOptions {
  return { failOn: options.failOn, rules: options.rules.map((rule) => rule.id), trustedOrigins: options.trustedOrigins };
}
