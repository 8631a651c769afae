import { startLab as startLabServers } from '../../src/lab/lab.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICIES } from '../../src/lab/policies.js';
import { type LabPolicy } from '../../src/lab/policy.js';
import { registerLab } from './lab-network.js';
import { testDir } from './temp-dir.js';
import type { LabServer } from '../../src/lab/server.js';

/** A running lab plus the CLI arguments that scan one of its policies under its realistic host name. */
export interface Lab extends LabServer {
  targetOf(policy: string): string;
  argsFor(policy: LabPolicy): string[];
  /** Requests answered for a policy over both servers. */
  requestCount(policy: string): number;
}

/** Writes a config file stating `policy.expect` for its target, in a new dir added to `dirs`; returns its path. */
function writeExpectConfig(dirs: string[], target: string, policy: LabPolicy): string {
  const dir = mkdtempSync(join(tmpdir(), 'corscan-expect-'));
  dirs.push(dir);
  const file = join(dir, 'corscan.config.json');
  writeFileSync(file, JSON.stringify({ targets: [{ url: target, expect: policy.expect }] }, null, 2));
  return file;
}

export async function startLab(policies: readonly LabPolicy[] = POLICIES): Promise<Lab> {
  const lab = await startLabServers(policies);
  // In-process CLI runs answer the http server in memory (lab-network.ts); spawned ones use its socket.
  const unregister = registerLab(lab.http.port, policies.filter((policy) => policy.scheme !== 'https'), lab.http.requestCounts);
  const byName = new Map(policies.map((policy) => [policy.name, policy]));
  // The folders of the config files argsFor writes, removed with the lab.
  const configs: string[] = [];
  const targetOf = (name: string) => lab.targetOf(byName.get(name) ?? { name, scheme: 'http' } as LabPolicy);
  return {
    ...lab.http,
    close: () => {
      unregister();
      for (const dir of configs.splice(0)) rmSync(dir, { recursive: true, force: true });
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
      ...(policy.expect ? ['--config', writeExpectConfig(configs, lab.targetOf(policy), policy)] : []),
    ],
  };
}

/**
 * For the calling test file: a lab started before its tests (handed to `started`) and a temp
 * dir of the file's own (returned); both are removed after the file's tests.
 */
export function useLab(prefix: string, started: (lab: Lab) => void): string {
  let lab: Lab | undefined;
  beforeAll(async () => {
    lab = await startLab();
    started(lab);
  });
  afterAll(() => lab?.close());
  return testDir(prefix);
}
