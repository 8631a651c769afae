import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/engine/scan.js';
import { parseResolve } from '../../src/http/resolve.js';
import type { Transport } from '../../src/http/transport.js';
import { UndiciTransport } from '../../src/http/undici-transport.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { POLICIES } from '../../src/lab/policies.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { ProbeSpec } from '../../src/model/probe.js';
import type { ScanReport } from '../../src/model/report.js';
import { runCorscan } from '../helpers/cli.js';
import { scanOptions } from '../helpers/scan-options.js';

/**
 * Safe by default (issue 15): a scheduled audit of a production API sends only GET, HEAD and
 * OPTIONS; `--unsafe-methods` adds the bodiless POST and the findings only it can show.
 */

const policy = POLICIES.find((p) => p.name === 'post-changes-state')!;
const options = scanOptions({ headers: { Authorization: 'Bearer t', Cookie: 'sid=1' } });

let lab: Lab;
let transport: UndiciTransport;

beforeAll(async () => {
  lab = await startLab([policy]);
  transport = new UndiciTransport({ timeoutMs: 10_000, perHostConnections: 6, insecure: true, resolve: lab.resolve.map(parseResolve), userAgent: 'corscan-test' });
});

afterAll(async () => {
  await transport.close();
  await lab.close();
});

async function methodsSent(unsafeMethods: boolean): Promise<string[]> {
  const sent: ProbeSpec[] = [];
  const recording: Transport = { send: (spec: ProbeSpec): Promise<Exchange> => (sent.push(spec), transport.send(spec)), close: async () => {} };
  await scanTarget({ url: lab.targetOf(policy), trustedOrigins: policy.trustedOrigins ?? [] }, { ...options, unsafeMethods }, recording);
  return [...new Set(sent.map((spec) => spec.method))].sort();
}

describe('--unsafe-methods', () => {
  it('by default only GET, HEAD and OPTIONS are sent, even with the user credentials', async () => {
    expect(await methodsSent(false)).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });

  it('with the option, a bodiless POST is added', async () => {
    expect(await methodsSent(true)).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST']);
  });

  it('the CLI flag sends it: the POST that fails without CORS headers is reported', async () => {
    const args = [lab.targetOf(policy), ...lab.resolve.flatMap((entry) => ['--resolve', entry]), ...(policy.trustedOrigins ?? []).flatMap((o) => ['--trusted-origin', o])];
    const run = await runCorscan(['scan', ...args, '--unsafe-methods', '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['cors-on-error-only']);
    expect(report.findings[0]!.evidence.map((e) => e.request.method)).toContain('POST');
  }, 30_000);
});
