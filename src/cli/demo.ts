import { POLICIES } from '../lab/policies.js';
import { LAB_HOST } from '../lab/policy.js';
import { startLabServer } from '../lab/server.js';
import type { CliIO } from './io.js';
import { resolveScanSettings, type RawScanOptions } from './options.js';
import { runScan } from './run-scan.js';

/**
 * Starts the lab on 127.0.0.1 (OS-chosen port) and scans every policy as
 * `http://api.victim.test:<port>/<policy>/`, the name mapped to loopback the way
 * `--resolve` maps it for users' staging servers.
 */
export async function runDemo(raw: RawScanOptions, io: CliIO): Promise<number> {
  const lab = await startLabServer(POLICIES);
  try {
    const targets = POLICIES.map((policy) => ({
      url: `http://${LAB_HOST}:${lab.port}/${policy.name}${policy.targetPath ?? '/'}`,
      ...(policy.trustedOrigins ? { trustedOrigins: policy.trustedOrigins } : {}),
    }));
    const settings = await resolveScanSettings(
      targets.map((target) => target.url),
      { ...raw, resolve: [...raw.resolve, `${LAB_HOST}:${lab.port}:127.0.0.1`] },
      io,
    );
    io.stderr.write(`corscan demo: ${POLICIES.length} lab policies on ${lab.url}, scanned as http://${LAB_HOST}:${lab.port}/<policy>/\n`);
    return await runScan(settings, io, targets);
  } finally {
    await lab.close();
  }
}
