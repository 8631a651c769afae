import type { ProbeError } from './exchange.js';
import type { Finding } from './finding.js';
import type { FailOn } from './severity.js';

/** `skipped`: not probed because its host failed too often (`--max-host-errors`). */
export type TargetStatus = 'scanned' | 'partial' | 'unreachable' | 'skipped';
export type OutcomeStatus = 'pass' | 'fail' | 'not-applicable' | 'error';

/** Whether a rule checked a target, and how it ended. */
export interface RuleOutcome {
  ruleId: string;
  status: OutcomeStatus;
  /** Why the rule did not apply, or what went wrong. */
  reason?: string;
}

/** One scanned target. */
export interface TargetResult {
  /** Normalised target URL. */
  url: string;
  /** `scanned`: every probe answered; `partial`: some failed; `unreachable`: none answered. */
  status: TargetStatus;
  /** Requests sent for this target. */
  requests: number;
  /** Requests that got no response. */
  failedRequests: number;
  /** The first probe error, when status is not `scanned`. */
  error?: ProbeError;
  /** Origins the server was seen to trust, and those the user declared. */
  trustedOrigins: { declared: string[]; learned: string[] };
  outcomes: RuleOutcome[];
}

/** The whole scan: the contract every reporter and `--format json` share. */
export interface ScanReport {
  schemaVersion: 1;
  /** Read from package.json, never hard-coded. */
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  options: { failOn: FailOn; rules: string[]; trustedOrigins: string[] };
  /** True when the scan was stopped (SIGINT/SIGTERM) before every target was scanned. */
  interrupted?: boolean;
  /** The share of the targets this report covers (`--shard i/n`); absent for a whole run. */
  shard?: { index: number; count: number };
  targets: TargetResult[];
  /** Sorted by target, severity (worst first), rule id, fingerprint. */
  findings: Finding[];
}
