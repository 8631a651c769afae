import { originOf } from '../cors/origin.js';
import type { ScanReport, TargetResult } from '../model/report.js';
import { findFramework } from './frameworks/index.js';
import { usagePolicy } from '../model/front-end-usage.js';
import { buildPolicy, type PolicyInput } from './policy-builder.js';
import { intendedOrigins, usesCredentials } from './remediation.js';

/**
 * The policy a scanned target should have, read from a report: the origins it trusts
 * (declared and learned) and credentials when the scan saw it send them. Shared by
 * `corscan policy --from-report` and by reporters that print framework configuration.
 */
export function policyInputForTarget(report: Pick<ScanReport, 'findings'>, target: Pick<TargetResult, 'url' | 'trustedOrigins' | 'har'>, extra: Partial<PolicyInput> = {}): PolicyInput {
  // A HAR says what the front end really needs: exactly its pages, methods, headers and credentials mode.
  if (target.har) return { ...extra, ...usagePolicy(target.har) };
  const own = originOf(target.url);
  const findings = report.findings.filter((f) => f.target === target.url);
  const intended = findings.flatMap((f) => intendedOrigins(f.ruleId, f.data));
  const origins = [...new Set([...(extra.origins ?? []), ...target.trustedOrigins.declared, ...target.trustedOrigins.learned, ...intended])]
    // Same-origin requests need no CORS; null is never trusted.
    .filter((o) => o !== own && o !== 'null')
    .sort();
  // The site sends credentials to someone: keep them for its own front ends.
  const credentials = Boolean(extra.credentials) || findings.some((f) => usesCredentials(f.ruleId, f.messageId, f.data));
  return { ...extra, origins, credentials };
}

/** One framework's configuration for a scanned target, or why there is none. Pure. */
export function targetFix(report: Pick<ScanReport, 'findings'>, target: Pick<TargetResult, 'url' | 'trustedOrigins' | 'har'>, frameworkName: string): { label: string; code?: string; note?: string } {
  const framework = findFramework(frameworkName);
  if (!framework) return { label: frameworkName, note: `unknown framework ${frameworkName}` };
  const input = policyInputForTarget(report, target);
  if (input.origins.length === 0) {
    return { label: framework.label, note: 'no trusted origin known: rescan with --trusted-origin <your front end> to get its configuration' };
  }
  try {
    return { label: framework.label, code: framework.render(buildPolicy(input)) };
  } catch (error) {
    return { label: framework.label, note: (error as Error).message };
  }
}
