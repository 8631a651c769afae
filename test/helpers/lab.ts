import { startLab as startLabServers } from '../../src/lab/lab.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICIES } from '../../src/lab/policies.js';
import { type LabPolicy } from '../../src/lab/policy.js';
import { registerLab } from './lab-network.js';
import type { LabServer } from '../../src/lab/server.js';

/** A running lab plus the CLI arguments that scan one of its policies under its realistic host name. */
export interface Lab extends LabServer {
  targetOf(policy: string): string;
  argsFor(policy: LabPolicy): string[];
  /** Requests answered for a policy over both servers. */
  requestCount(policy: string): number;
}

/** Writes a config file stating `policy.expect` for its target; returns its path. */
function writeExpectConfig(target: string, policy: LabPolicy): string {
  const dir = mkdtempSync(join(tmpdir(), 'corscan-expect-'));
  const file = join(dir, 'corscan.config.json');
  writeFileSync(file, JSON.stringify({ targets: [{ url: target, expect: policy.expect }] }, null, 2));
  return file;
}

export async function startLab(policies: readonly LabPolicy[] = POLICIES): Promise<Lab> {
  const lab = await startLabServers(policies);
  // In-process CLI runs answer the http server in memory (lab-network.ts); spawned ones use its socket.
  const unregister = registerLab(lab.http.port, policies.filter((policy) => policy.scheme !== 'https'), lab.http.requestCounts);
  const byName = new Map(policies.map((policy) => [policy.name, policy]));
  const targetOf = (name: string) => lab.targetOf(byName.get(name) ?? { name, scheme: 'http' } as LabPolicy);
  return {
    ...lab.http,
    close: () => {
      unregister();
      return lab.close();
    },
    requestCount: lab.requestCount,
    targetOf,
    argsFor: (policy) => [
      lab.targetOf(policy),
      ...lab.resolve.flatMap((entry) => ['--resolve', entry]),
      // The https lab server's certificate is self-signed.
      ...(policy.scheme === 'https' ? ['--insecure'] : []),
      ...(policy.trustedOrigins ?? []).flatMap((origin) => ['--trusted-origin', origin]),
      // An expected policy only comes from a config file (policy-drift).
      ...(policy.expect ? ['--config', writeExpectConfig(lab.targetOf(policy), policy)] : []),
    ],
  };
}
