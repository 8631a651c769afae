import picomatch from 'picomatch';
import type { Finding } from '../model/finding.js';

/** One entry of an ignore file, validated. */
export interface IgnoreEntry {
  rule: string;
  /** URL glob (picomatch); absent = every target. */
  target?: string;
  reason: string;
  /** YYYY-MM-DD; the entry suppresses up to and including that day (UTC). */
  expires?: string;
  /** `<file>#<n>`, 1-based, for reports and warnings. */
  source: string;
}

/** Findings with suppressions applied, and what a user should hear about the ignore file. */
export interface SuppressResult {
  findings: Finding[];
  warnings: string[];
}

/** True when `expires` (YYYY-MM-DD) is before `today` (YYYY-MM-DD): the entry no longer suppresses. */
export function isExpired(expires: string | undefined, today: string): boolean {
  return expires !== undefined && expires < today;
}

/**
 * Marks findings covered by an ignore entry as suppressed. Pure: `today` is passed in.
 * Suppressed findings stay in the report (never silently dropped); an expired entry
 * suppresses nothing and produces a warning, so a forgotten exception comes back.
 */
export function applyIgnores(findings: readonly Finding[], entries: readonly IgnoreEntry[], today: string): SuppressResult {
  const warnings: string[] = [];
  const active: Array<{ entry: IgnoreEntry; matches: (url: string) => boolean }> = [];
  for (const entry of entries) {
    if (isExpired(entry.expires, today)) {
      warnings.push(`ignore entry ${entry.source} (${entry.rule}) expired on ${entry.expires}; its findings count again`);
      continue;
    }
    const matcher = entry.target === undefined ? () => true : picomatch(entry.target, { dot: true });
    active.push({ entry, matches: matcher });
  }
  const used = new Set<IgnoreEntry>();
  const out = findings.map((finding) => {
    const hit = active.find(({ entry, matches }) => entry.rule === finding.ruleId && matches(finding.target));
    if (!hit) return finding;
    used.add(hit.entry);
    const { reason, source, expires } = hit.entry;
    return { ...finding, suppressed: { reason, source, ...(expires ? { expires } : {}) } };
  });
  for (const { entry } of active) {
    if (!used.has(entry)) warnings.push(`ignore entry ${entry.source} (${entry.rule}) matched no finding`);
  }
  return { findings: out, warnings };
}
