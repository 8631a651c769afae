import { startLab } from '../lab/lab.js';
import { POLICIES } from '../lab/policies.js';
import { LAB_HOST } from '../lab/policy.js';
import type { CliIO } from './io.js';
import { resolveScanSettings, type RawScanOptions } from './options.js';
import { runScan } from './run-scan.js';

/**
 * Starts the lab on 127.0.0.1 (OS-chosen ports) and scans every policy as
 * `http(s)://api.victim.test:<port>/<policy>/`, the name mapped to loopback the way
 * `--resolve` maps it for users' staging servers.
 */
export async function runDemo(raw: RawScanOptions, io: CliIO): Promise<number> {
  const lab = await startLab(POLICIES);
  try {
    const targets = POLICIES.map((policy) => ({
      url: lab.targetOf(policy),
      ...(policy.trustedOrigins ? { trustedOrigins: policy.trustedOrigins } : {}),
      ...(policy.expect ? { expect: policy.expect } : {}),
    }));
    const settings = await resolveScanSettings(
      targets.map((target) => target.url),
      // The demo only talks to its own lab, whose https server has a self-signed certificate.
      { ...raw, resolve: [...raw.resolve, ...lab.resolve], insecure: raw.insecure || lab.https !== null },
      io,
    );
    io.stderr.write(`corscan demo: ${POLICIES.length} lab policies on ${lab.http.url}${lab.https ? ` and ${lab.https.url}` : ''}, scanned as http(s)://${LAB_HOST}:<port>/<policy>/\n`);
    return await runScan(settings, io, targets);
  } finally {
    await lab.close();
  }
}
