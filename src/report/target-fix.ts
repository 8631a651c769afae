import { adviceOf } from '../fix/remediation.js';
import { buildPolicy, DEFAULT_MAX_AGE } from '../fix/policy-builder.js';
import { policyInputForTarget, targetFix } from '../fix/target-policy.js';
import type { Finding } from '../model/finding.js';
import type { ScanReport, TargetResult } from '../model/report.js';

/** The front end a user names when corscan knows none: a placeholder, never a real site. */
export const FRONT_END_PLACEHOLDER = 'https://your-front-end';

/** What a target needs, once: advice per rule, the headers for its trusted origins, the command that prints framework configuration. */
export interface FixBlock {
  /** Rule-specific advice, one entry per rule, in the order of the findings (worst first). */
  advice: { ruleId: string; text: string }[];
  /** Origins the fixed policy allows; empty when none is known. */
  origins: string[];
  /** Response headers for a request from one of `origins` (the first as example). */
  headers: string[];
  /** Extra headers a preflight answer carries. */
  preflight: string[];
  /** `corscan policy …` with every flag the policy needs. */
  command: string;
  /** `--framework NAME`: that framework's configuration, or why there is none. */
  framework?: { label: string; code?: string; note?: string };
}

/** The one "how to fix" block of a target, from its findings (worst first). Pure. */
export function fixBlock(report: Pick<ScanReport, 'findings'>, target: Pick<TargetResult, 'url' | 'trustedOrigins'>, findings: readonly Finding[], framework?: string): FixBlock {
  const advice = new Map<string, string>();
  for (const finding of findings) if (!advice.has(finding.ruleId)) advice.set(finding.ruleId, adviceOf(finding.remediation));
  const input = policyInputForTarget(report, target);
  let headers: string[] = [];
  let preflight: string[] = [];
  try {
    const policy = buildPolicy(input);
    const example = policy.origins[0]!;
    headers = [`Access-Control-Allow-Origin: ${example}`, ...(policy.credentials ? ['Access-Control-Allow-Credentials: true'] : []), ...(policy.expose.length > 0 ? [`Access-Control-Expose-Headers: ${policy.expose.join(', ')}`] : []), 'Vary: Origin'];
    preflight = [`Access-Control-Allow-Methods: ${policy.methods.join(', ')}`, `Access-Control-Allow-Headers: ${policy.headers.join(', ')}`, ...(policy.maxAge === null ? [] : [`Access-Control-Max-Age: ${policy.maxAge}`])];
  } catch {
    // No trusted origin known (or none a browser accepts): the block says how to name one.
    headers = [`Access-Control-Allow-Origin: ${FRONT_END_PLACEHOLDER}`, 'Vary: Origin'];
    preflight = [`Access-Control-Max-Age: ${DEFAULT_MAX_AGE}`];
  }
  const flags = (input.origins.length > 0 ? input.origins : [FRONT_END_PLACEHOLDER]).map((origin) => `--origin ${origin}`);
  const command = ['corscan policy', ...flags, ...(input.credentials ? ['--credentials'] : []), ...(framework ? [`--framework ${framework}`] : [])].join(' ');
  return {
    advice: [...advice].map(([ruleId, text]) => ({ ruleId, text })),
    origins: [...input.origins],
    headers,
    preflight,
    command,
    ...(framework ? { framework: targetFix(report, target, framework) } : {}),
  };
}
