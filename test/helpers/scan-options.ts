import type { ScanOptions } from '../../src/engine/scan.js';
import { RULES } from '../../src/rules/index.js';

/** The engine options a test scan starts from: every rule, no user headers, one probe at a time. */
export function scanOptions(overrides: Partial<ScanOptions> = {}): ScanOptions {
  return {
    rules: RULES,
    headers: {},
    trustedOrigins: [],
    failOn: 'high',
    concurrency: 1,
    secretHeaders: [],
    showSecrets: false,
    tool: { name: 'corscan', version: 'test' },
    ...overrides,
  };
}
