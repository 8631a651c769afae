import type { Finding } from '../../src/model/finding.js';
import type { ScanReport, TargetResult } from '../../src/model/report.js';

/** A finding with plausible defaults; tests override what they check. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const target = overrides.target ?? 'https://api.example.test/';
  return {
    ruleId: 'origin-reflection',
    messageId: 'reflected',
    title: 'Origin reflected',
    message: 'Any origin (https://attacker.example) is reflected in Access-Control-Allow-Origin with credentials.',
    data: { origin: 'https://attacker.example', credentials: 'true' },
    severity: 'critical',
    target,
    evidence: [
      {
        probeId: 'simple:arbitrary-origin',
        request: { method: 'GET', url: target, headers: { Origin: 'https://attacker.example' } },
        response: { status: 200, headers: [['Access-Control-Allow-Origin', 'https://attacker.example']] },
        curl: `curl -sS -D - -o /dev/null -H 'Origin: https://attacker.example' '${target}'`,
      },
    ],
    remediation:
      'Stop granting `https://attacker.example`: never echo Origin unchecked; compare the whole Origin with an exact list of serialized origins (string equality); answer `Origin: https://app.example.test` with `Access-Control-Allow-Origin: https://app.example.test`, `Access-Control-Allow-Credentials: true`, `Vary: Origin`; answer other origins without CORS headers. `corscan policy --origin https://app.example.test --credentials` prints the configuration for your framework.',
    fingerprint: 'f'.repeat(64),
    docsUrl: 'https://example.test/docs/rules/origin-reflection.md',
    ...overrides,
  };
}

export function makeTarget(overrides: Partial<TargetResult> = {}): TargetResult {
  return {
    url: 'https://api.example.test/',
    status: 'scanned',
    requests: 40,
    failedRequests: 0,
    trustedOrigins: { declared: ['https://app.example.test'], learned: [] },
    outcomes: [],
    ...overrides,
  };
}

export function makeReport(targets: TargetResult[], findings: Finding[], overrides: Partial<ScanReport> = {}): ScanReport {
  return {
    schemaVersion: 1,
    tool: { name: 'corscan', version: '0.0.0-test' },
    startedAt: new Date(0).toISOString(),
    durationMs: 1234,
    options: { failOn: 'high', rules: [...new Set(findings.map((finding) => finding.ruleId))], trustedOrigins: [] },
    targets,
    findings,
    ...overrides,
  };
}
