import { createHash } from 'node:crypto';

/**
 * Stable identity of a finding: rule, target, message and its data. Probe
 * timing, header order and other volatile values never enter it, so baselines and
 * SARIF alert tracking survive re-runs.
 */
export function fingerprint(ruleId: string, target: string, messageId: string, data: Record<string, string>): string {
  const sortedData = Object.keys(data)
    .sort()
    .map((key) => `${key}=${data[key]}`);
  return createHash('sha256').update([ruleId, target, messageId, ...sortedData].join('\u0000')).digest('hex');
}
