import { originOf } from '../cors/origin.js';
import type { ScanReport, TargetResult } from '../model/report.js';
import type { GrantPart } from '../model/rule.js';
import { describeSite } from '../probe/site.js';
import { RULES } from '../rules/index.js';
import { findFramework } from './frameworks/index.js';
import { usagePolicy } from '../model/front-end-usage.js';
import { buildPolicy, type PolicyInput } from './policy-builder.js';
import { usesCredentials } from './remediation.js';

type TargetFacts = Pick<TargetResult, 'url' | 'trustedOrigins' | 'har' | 'granted'>;

/**
 * The policy a scanned target should have, read from a report: the origins it trusts
 * (declared and learned), and what the server grants them (methods, request headers,
 * exposed headers, credentials), so the policy keeps the working front end working.
 * A target that answers everyone with `*` and no credentials keeps `*`. Shared by
 * `corscan policy --from-report` and by reporters that print framework configuration.
 */
export function policyInputForTarget(report: Pick<ScanReport, 'findings'>, target: TargetFacts, extra: Partial<PolicyInput> = {}): PolicyInput {
  // A HAR says what the front end really needs: exactly its pages, methods, headers and credentials mode.
  if (target.har) return { ...extra, ...usagePolicy(target.har) };
  const own = originOf(target.url);
  const findings = report.findings.filter((f) => f.target === target.url);
  const site = describeSite(target.url, target.trustedOrigins.declared);
  // Each rule's fix says which origins the server meant to allow (the entries of a list it
  // sent) and which parts of its grant are the defect (an echoed list, a leaked header).
  const fixes = findings.flatMap((f) => RULES.find((rule) => rule.id === f.ruleId)?.fix(f.data, site) ?? []);
  const intended = fixes.flatMap((fix) => fix.intended ?? []);
  const wrong = { replaces: fixes.flatMap((fix) => fix.replaces ?? []), unexpose: fixes.flatMap((fix) => fix.unexpose ?? []).map((h) => h.toLowerCase()) };
  const origins = [...new Set([...(extra.origins ?? []), ...target.trustedOrigins.declared, ...target.trustedOrigins.learned, ...intended])]
    // Same-origin requests need no CORS; null is never trusted.
    .filter((o) => o !== own && o !== 'null')
    .sort();
  const granted = target.granted;
  // A public API (`*`, no credentials, no origin it singles out) keeps its real policy.
  if (origins.length === 0 && granted?.public) return { ...grantedLists(target, extra, wrong), ...extra, origins: ['*'], credentials: false };
  // The site sends credentials to its front ends (seen on their answers, or shown by a finding): keep them.
  const credentials = Boolean(extra.credentials) || Boolean(granted?.credentials) || findings.some((f) => usesCredentials(f.ruleId, f.messageId, f.data));
  return { ...grantedLists(target, extra, wrong), ...extra, origins, credentials };
}

/** The lists the server grants, unless the user's flags name them or a finding shows they are the defect. */
function grantedLists(target: TargetFacts, extra: Partial<PolicyInput>, wrong: { replaces: GrantPart[]; unexpose: string[] }): Partial<PolicyInput> {
  const granted = target.granted;
  if (!granted) return {};
  const use = (part: GrantPart, flag: readonly string[] | undefined, values: string[]) => flag === undefined && values.length > 0 && !wrong.replaces.includes(part);
  const expose = granted.expose.filter((name) => !wrong.unexpose.includes(name.toLowerCase()));
  return {
    ...(use('methods', extra.methods, granted.methods) ? { methods: granted.methods } : {}),
    ...(use('headers', extra.headers, granted.headers) ? { headers: granted.headers } : {}),
    ...(use('expose', extra.expose, expose) ? { expose } : {}),
  };
}

/** One framework's configuration for a scanned target, or why there is none. Pure. */
export function targetFix(report: Pick<ScanReport, 'findings'>, target: TargetFacts, frameworkName: string): { label: string; code?: string; note?: string } {
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
