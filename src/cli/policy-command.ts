import { readFile } from 'node:fs/promises';
import { FRAMEWORKS, findFramework } from '../fix/frameworks/index.js';
import { buildPolicy, splitList, type PolicyInput } from '../fix/policy-builder.js';
import type { CorsPolicy } from '../fix/policy.js';
import { renderPolicy } from '../fix/render-policy.js';
import { policyInputForTarget } from '../fix/target-policy.js';
import { UsageError } from '../model/errors.js';
import type { ScanReport } from '../model/report.js';
import type { CliIO } from './io.js';

/** Raw `policy` options as commander parses them. */
export interface RawPolicyOptions {
  origin: string[];
  credentials?: boolean;
  methods?: string[];
  headers?: string[];
  expose?: string[];
  maxAge?: number;
  fromReport?: string;
  framework?: string[];
}

/** Reads what `--from-report` needs: per target, its trusted origins and whether it uses credentials. */
async function readReport(path: string): Promise<ScanReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--from-report ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const report = JSON.parse(text) as ScanReport;
    if (report.schemaVersion === 1 && Array.isArray(report.targets) && Array.isArray(report.findings)) return report;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`--from-report ${path} is not a corscan JSON report (corscan scan --format json)`);
}

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
    ...(raw.methods ? { methods: splitList(raw.methods) } : {}),
    ...(raw.headers ? { headers: splitList(raw.headers) } : {}),
    ...(raw.expose ? { expose: splitList(raw.expose) } : {}),
    ...(raw.maxAge !== undefined ? { maxAge: raw.maxAge } : {}),
  };
}

/** `corscan policy`: validates the policy, prints the exact headers and framework configuration. */
export async function runPolicy(raw: RawPolicyOptions, io: CliIO): Promise<number> {
  const frameworks = raw.framework?.length ? raw.framework.map((name) => findFramework(name)!) : FRAMEWORKS;
  const requests = raw.fromReport
    ? policiesFromReport(await readReport(raw.fromReport), raw, io)
    : [{ title: 'CORS policy', input: flagInput(raw) }];
  if (requests.length === 0) throw new UsageError(`--from-report ${raw.fromReport} names no trusted origin for any target; pass --origin`);
  // Validate everything before printing anything.
  const policies: { title: string; policy: CorsPolicy }[] = requests.map(({ title, input }) => ({ title, policy: buildPolicy(input) }));
  io.stdout.write(policies.map(({ title, policy }) => renderPolicy(policy, frameworks, title)).join('\n'));
  return 0;
}
