import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICIES } from '../../src/lab/policies.js';
import { LAB_HOST, type LabPolicy } from '../../src/lab/policy.js';
import { startLabServer, type LabServer } from '../../src/lab/server.js';

/** A running lab plus the CLI arguments that scan one of its policies under its realistic host name. */
export interface Lab extends LabServer {
  targetOf(policy: string): string;
  argsFor(policy: LabPolicy): string[];
}

/** Writes a config file stating `policy.expect` for its target; returns its path. */
function writeExpectConfig(target: string, policy: LabPolicy): string {
  const dir = mkdtempSync(join(tmpdir(), 'corscan-expect-'));
  const file = join(dir, 'corscan.config.json');
  writeFileSync(file, JSON.stringify({ targets: [{ url: target, expect: policy.expect }] }, null, 2));
  return file;
}

export async function startLab(policies: readonly LabPolicy[] = POLICIES): Promise<Lab> {
  const server = await startLabServer(policies);
  const targetOf = (name: string) => `http://${LAB_HOST}:${server.port}/${name}/`;
  return {
    ...server,
    targetOf,
    argsFor: (policy) => [
      targetOf(policy.name),
      '--resolve',
      `${LAB_HOST}:${server.port}:127.0.0.1`,
      ...(policy.trustedOrigins ?? []).flatMap((origin) => ['--trusted-origin', origin]),
      // An expected policy only comes from a config file (policy-drift).
      ...(policy.expect ? ['--config', writeExpectConfig(targetOf(policy.name), policy)] : []),
    ],
  };
}
