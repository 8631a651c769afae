import { startLab as startLabServers } from '../../src/lab/lab.js';
import { POLICIES } from '../../src/lab/policies.js';
import { type LabPolicy } from '../../src/lab/policy.js';
import type { LabServer } from '../../src/lab/server.js';

/** A running lab plus the CLI arguments that scan one of its policies under its realistic host name. */
export interface Lab extends LabServer {
  targetOf(policy: string): string;
  argsFor(policy: LabPolicy): string[];
  /** Requests answered for a policy over both servers. */
  requestCount(policy: string): number;
}

export async function startLab(policies: readonly LabPolicy[] = POLICIES): Promise<Lab> {
  const lab = await startLabServers(policies);
  const byName = new Map(policies.map((policy) => [policy.name, policy]));
  const targetOf = (name: string) => lab.targetOf(byName.get(name) ?? { name, scheme: 'http' } as LabPolicy);
  return {
    ...lab.http,
    close: lab.close,
    requestCount: lab.requestCount,
    targetOf,
    argsFor: (policy) => [
      lab.targetOf(policy),
      ...lab.resolve.flatMap((entry) => ['--resolve', entry]),
      // The https lab server's certificate is self-signed.
      ...(policy.scheme === 'https' ? ['--insecure'] : []),
      ...(policy.trustedOrigins ?? []).flatMap((origin) => ['--trusted-origin', origin]),
    ],
  };
}
