import { startLab } from '../../lab/lab.js';
import { POLICIES } from '../../lab/policies.js';
import { LAB_HOST } from '../../lab/policy.js';
import type { TargetSpec } from '../../engine/scan.js';
import { parseResolve } from '../../http/resolve.js';
import type { CliIO } from '../io.js';
import type { ScanOptionValues } from '../options/option-table.js';
import { resolveScanSettings, type ScanSettings } from '../options/options.js';
import { runScan } from './run-scan.js';

/**
 * Starts the lab on 127.0.0.1 (OS-chosen ports) and scans every policy as
 * `http(s)://api.victim.test:<port>/<policy>/`, the name mapped to loopback the way
 * `--resolve` maps it for users' staging servers.
 */
export async function runDemo(
  values: ScanOptionValues,
  io: CliIO,
  run: (settings: ScanSettings, io: CliIO, targets?: readonly TargetSpec[]) => Promise<number> = runScan,
): Promise<number> {
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
      { values: { ...values, resolve: [...values.resolve, ...lab.resolve.map(parseResolve)], insecure: values.insecure || lab.https !== null }, configTargets: [] },
      io,
    );
    io.stderr.write(`corscan demo: ${POLICIES.length} lab policies on ${lab.http.url}${lab.https ? ` and ${lab.https.url}` : ''}, scanned as http(s)://${LAB_HOST}:<port>/<policy>/\n`);
    return await run(settings, io, targets);
  } finally {
    await lab.close();
  }
}
