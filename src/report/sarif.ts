import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding } from '../model/finding.js';
import type { ScanReport } from '../model/report.js';
import type { Severity } from '../model/severity.js';
import { ruleDocsUrl } from '../rules/docs-url.js';
import { findRule } from '../rules/index.js';
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
      target: finding.target,
      severity: finding.severity,
      ...(finding.baseline ? { baseline: finding.baseline } : {}),
      probes: finding.evidence.map((evidence) => evidence.probeId),
    },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every enabled rule, one result per
 * unsuppressed finding (GitHub ignores SARIF suppressions, so suppressed ones are left
 * out). Always a complete log, even with no results, so GitHub can close fixed alerts.
 */
export function renderSarif(report: ScanReport, options: ReporterOptions): string {
  const ruleIds = [...new Set([...report.options.rules, ...report.findings.map((finding) => finding.ruleId)])];
  const results = report.findings
    .filter((finding) => !finding.suppressed)
    .map((finding) => toResult(finding, ruleIds.indexOf(finding.ruleId), options));
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
        automationDetails: { id: `${report.tool.name}/` },
        invocations: [{ executionSuccessful: report.targets.every((target) => target.status !== 'unreachable') }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
