import { FRAMEWORKS, findFramework } from '../../fix/frameworks/index.js';
import { buildPolicy, splitList, type PolicyInput } from '../../fix/policy-builder.js';
import type { CorsPolicy } from '../../fix/policy.js';
import { renderPolicy } from '../../fix/render-policy.js';
import { policyInputForTarget } from '../../fix/target-policy.js';
import { UsageError } from '../../model/errors.js';
import type { ScanReport } from '../../model/report.js';
import type { CliIO } from '../io.js';
import type { OptionValues } from '../options/option-kinds.js';
import type { POLICY_OPTIONS } from '../options/option-table.js';
import { loadReport } from '../inputs/load-report.js';

/** `policy` options, read through POLICY_OPTIONS. */
export type RawPolicyOptions = OptionValues<typeof POLICY_OPTIONS>;

/** Policies per group of targets that need the same one, from a scan report. */
function policiesFromReport(report: ScanReport, raw: RawPolicyOptions, io: CliIO): { title: string; input: PolicyInput }[] {
  const groups = new Map<string, { targets: string[]; input: PolicyInput }>();
  for (const target of report.targets) {
    // An unreachable target showed nothing: no policy can be read from it.
    if (target.status === 'unreachable') {
      io.stderr.write(`corscan policy: ${target.url}: unreachable in the scan; left out\n`);
      continue;
    }
    const input = policyInputForTarget(report, target, flagInput(raw));
    if (input.origins.length === 0) {
      io.stderr.write(`corscan policy: ${target.url}: no trusted origin known; rescan it with --trusted-origin, or pass --origin\n`);
      continue;
    }
    const key = JSON.stringify(input);
    const group = groups.get(key);
    if (group) group.targets.push(target.url);
    else groups.set(key, { targets: [target.url], input });
  }
  return [...groups.values()].map(({ targets, input }) => ({ title: `CORS policy for ${targets.join(', ')}`, input }));
}

function flagInput(raw: RawPolicyOptions): PolicyInput {
  return {
    origins: raw.origin,
    credentials: Boolean(raw.credentials),
    // An empty list means "not given": the builder's defaults apply.
    ...(raw.methods.length > 0 ? { methods: splitList(raw.methods) } : {}),
    ...(raw.headers.length > 0 ? { headers: splitList(raw.headers) } : {}),
    ...(raw.expose.length > 0 ? { expose: splitList(raw.expose) } : {}),
    ...(raw.maxAge !== undefined ? { maxAge: raw.maxAge } : {}),
  };
}

/** `corscan policy`: validates the policy, prints the exact headers and framework configuration. */
export async function runPolicy(raw: RawPolicyOptions, io: CliIO): Promise<number> {
  const frameworks = raw.framework?.length ? raw.framework.map((name) => findFramework(name)!) : FRAMEWORKS;
  const requests = raw.fromReport
    ? policiesFromReport(await loadReport(raw.fromReport, '--from-report'), raw, io)
    : [{ title: 'CORS policy', input: flagInput(raw) }];
  if (requests.length === 0) throw new UsageError(`--from-report ${raw.fromReport} names no trusted origin for any target; pass --origin`);
  // Validate everything before printing anything.
  const policies: { title: string; policy: CorsPolicy }[] = requests.map(({ title, input }) => ({ title, policy: buildPolicy(input) }));
  io.stdout.write(policies.map(({ title, policy }) => renderPolicy(policy, frameworks, title)).join('\n'));
  return 0;
}
