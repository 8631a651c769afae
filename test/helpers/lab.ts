import { POLICIES } from '../../src/lab/policies.js';
import { LAB_HOST, type LabPolicy } from '../../src/lab/policy.js';
import { startLabServer, type LabServer } from '../../src/lab/server.js';

/** A running lab plus the CLI arguments that scan one of its policies under its realistic host name. */
export interface Lab extends LabServer {
  targetOf(policy: string): string;
  argsFor(policy: LabPolicy): string[];
}

export async function startLab(policies: readonly LabPolicy[] = POLICIES): Promise<Lab> {
  const server = await startLabServer(policies);
  const pathOf = (name: string) => policies.find((policy) => policy.name === name)?.targetPath ?? '/';
  const targetOf = (name: string) => `http://${LAB_HOST}:${server.port}/${name}${pathOf(name)}`;
  return {
    ...server,
    targetOf,
    argsFor: (policy) => [
      targetOf(policy.name),
      '--resolve',
      `${LAB_HOST}:${server.port}:127.0.0.1`,
      ...(policy.trustedOrigins ?? []).flatMap((origin) => ['--trusted-origin', origin]),
    ],
  };
}
