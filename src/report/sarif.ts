import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Finding } from '../model/finding.js';
import type { ScanReport } from '../model/report.js';
import type { Severity } from '../model/severity.js';
import { ruleDocsUrl } from '../rules/shared/docs-url.js';
import { findRule } from '../rules/index.js';
import { jsonText } from './json.js';
import { worstFirst } from './order.js';
import type { ReporterOptions } from './types.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** GitHub reads `security-severity` (0-10) from the rule: >= 9 critical, 7-8.9 high, 4-6.9 medium. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: '0.0' };
const LEVEL: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * A file-like location for a URL. GitHub rejects the whole upload when a URI has a
 * scheme other than file (codeql-action#754), so the scheme goes; `host:port` would
 * read as a scheme too, so the port is joined with `_` (and IPv6 colons become `-`: a
 * relative reference's first segment may not hold a colon, RFC 3986 §4.2). The query is
 * left out (volatile).
 */
export function pseudoPath(target: string): string {
  const url = new URL(target);
  const path = url.pathname === '/' ? '' : url.pathname;
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/:/g, '-');
  return `${host}${url.port ? `_${url.port}` : ''}${path}`;
}

function ruleDescriptor(ruleId: string): ReportingDescriptor {
  const rule = findRule(ruleId);
  if (!rule) return { id: ruleId, shortDescription: { text: ruleId }, fullDescription: { text: ruleId }, help: { text: ruleId } };
  const { meta } = rule;
  const references = meta.references.map((reference) => `- ${reference}`).join('\n');
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description.slice(0, 1000) },
    help: {
      text: `${meta.description}\n\nFix: ${meta.remediation}`,
      markdown: `${meta.description}\n\n**Fix:** ${meta.remediation}\n\n**References:**\n${references}`,
    },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      // `security` must be present for GitHub to use security-severity.
      tags: ['security', 'cors', ...meta.cwe.map((cwe) => `external/cwe/${cwe.toLowerCase()}`)],
      precision: meta.precision,
      'security-severity': SECURITY_SEVERITY[meta.severity],
    },
  };
}

function toResult(finding: Finding, ruleIndex: number, options: ReporterOptions): Result {
  const anchor = options.sarifLocation;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    // The first sentence is the alert title on GitHub; the URL makes it say where.
    message: { text: `${finding.title} at ${finding.target}. ${finding.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: anchor ? anchor.uri : pseudoPath(finding.target) },
          region: { startLine: anchor?.lines[finding.target] ?? 1 },
        },
      },
    ],
    // upload-sarif cannot hash a file that does not exist, so we bring our own stable identity.
    partialFingerprints: { primaryLocationLineHash: `${finding.fingerprint}:1` },
    ...(finding.baseline ? { baselineState: finding.baseline } : {}),
    properties: {
      // GitHub ranks an alert by this: the finding's own severity, not its rule's default
      // (a rule raises or lowers severity per finding, e.g. with or without credentials).
      'security-severity': SECURITY_SEVERITY[finding.severity],
      target: finding.target,
      severity: finding.severity,
      ...(finding.baseline ? { baseline: finding.baseline } : {}),
      probes: finding.evidence.map((evidence) => evidence.probeId),
    },
  };
}

/** GitHub code scanning rejects a run with more results than this (and shows the 5,000 worst). */
export const MAX_SARIF_RESULTS = 25_000;
/** Targets named one by one in the run's notifications; the rest are counted. */
const MAX_TARGET_NOTIFICATIONS = 100;

/**
 * Why the run's results are not the whole truth: targets that could not be checked, results
 * left out for GitHub's limit. A run that checked nothing says so at error level, so that
 * its empty results never read as "no defects" (and the Action skips the upload: an empty
 * run would close every open alert).
 */
function notifications(report: ScanReport, omitted: number): Notification[] {
  const out: Notification[] = [];
  const unchecked = report.targets.filter((target) => target.status === 'unreachable' || target.status === 'skipped');
  if (report.targets.length > 0 && unchecked.length === report.targets.length) {
    out.push({
      level: 'error',
      descriptor: { id: 'nothing-checked' },
      message: { text: `No target could be checked (${unchecked.length} unreachable or skipped): the results are empty because nothing was checked, not because nothing is wrong.` },
    });
  }
  for (const target of unchecked.slice(0, MAX_TARGET_NOTIFICATIONS)) {
    out.push({
      level: 'warning',
      descriptor: { id: 'target-not-checked' },
      message: { text: `${target.url} was not checked (${target.status}${target.error ? `: ${target.error.code} ${target.error.message}` : ''}).` },
    });
  }
  if (unchecked.length > MAX_TARGET_NOTIFICATIONS) {
    out.push({ level: 'warning', descriptor: { id: 'target-not-checked' }, message: { text: `${unchecked.length - MAX_TARGET_NOTIFICATIONS} more targets were not checked; see the JSON report.` } });
  }
  if (omitted > 0) {
    out.push({
      level: 'warning',
      descriptor: { id: 'results-left-out' },
      message: { text: `${omitted} results left out: GitHub code scanning accepts at most ${MAX_SARIF_RESULTS} per run; the worst are kept. See the JSON report for all.` },
    });
  }
  return out;
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every enabled rule, one result per
 * unsuppressed finding, worst first, at most {@link MAX_SARIF_RESULTS} (GitHub ignores
 * SARIF suppressions, so suppressed ones are left out). Always a complete log, even with
 * no results, so GitHub can close fixed alerts; a run that checked nothing is marked
 * `executionSuccessful: false` with the reason in `toolExecutionNotifications`.
 */
export function renderSarif(report: ScanReport, options: ReporterOptions): string {
  const ruleIds = [...new Set([...report.options.rules, ...report.findings.map((finding) => finding.ruleId)])];
  const kept = worstFirst(report.findings.filter((finding) => !finding.suppressed));
  const results = kept.slice(0, MAX_SARIF_RESULTS).map((finding) => toResult(finding, ruleIds.indexOf(finding.ruleId), options));
  const checked = report.targets.length === 0 || report.targets.some((target) => target.status === 'scanned' || target.status === 'partial');
  const notes = notifications(report, kept.length - results.length);
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            semanticVersion: report.tool.version,
            informationUri: `https://www.npmjs.com/package/${report.tool.name}`,
            rules: ruleIds.map((id) => ruleDescriptor(id)),
          },
        },
        // Only on request: GitHub derives the category from automationDetails.id, and an id
        // the user did not choose would override the category the upload step passes.
        ...(options.sarifCategory ? { automationDetails: { id: `${options.sarifCategory}/` } } : {}),
        invocations: [{ executionSuccessful: checked, ...(notes.length > 0 ? { toolExecutionNotifications: notes } : {}) }],
        results,
      },
    ],
  };
  return `${jsonText(log, 2)}\n`;
}
