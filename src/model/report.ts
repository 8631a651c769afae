import type { ProbeError } from './exchange.js';
import type { Finding } from './finding.js';
import type { FrontEndUsage } from './front-end-usage.js';
import type { GrantedPolicy } from './granted-policy.js';
import type { FailOn, Severity } from './severity.js';

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

/** A response field that changed between answers to the same request (a flapping server). */
export interface Flap {
  /** The probe that was sent again. */
  probeId: string;
  /** `status`, or the lower-case name of the CORS response header that changed. */
  field: string;
  /** The field in each answer, in the order they came (the first is the one the rules judged); `(none)` when absent. */
  values: string[];
}

/** One scanned target. */
export interface TargetResult {
  /** Normalised target URL. */
  url: string;
  /** `scanned`: every probe answered; `partial`: some failed; `unreachable`: none answered. */
  status: TargetStatus;
  /** Requests sent for this target. */
  requests: number;
  /** Requests sent that got no response. */
  failedRequests: number;
  /** Probes planned but never sent (host breaker open, or the scan was interrupted); not in `requests`. */
  notSent?: number;
  /** The first probe error, when status is not `scanned`. */
  error?: ProbeError;
  /** The protocol the target's own origin answered over (ALPN name); absent when nothing answered or in a replay of an older recording. */
  protocol?: 'http/1.1' | 'h2';
  /**
   * Probes whose redirect chain was cut at the hop limit (`maxHops` redirects followed, the
   * chain still going): their answer is the last redirect; `location` is where the first such
   * chain pointed next. Absent when no chain was cut.
   */
  redirectsCut?: { maxHops: number; probes: number; location: string };
  /** Origins the server was seen to trust, and those the user declared. */
  trustedOrigins: { declared: string[]; learned: string[] };
  /** What the server grants its trusted origins; `policy --from-report` keeps it. */
  granted?: GrantedPolicy;
  /**
   * The server answered the same request differently when it was sent again: its findings stand
   * (an attacker can retry until the granting answer comes), but a pass holds only for the answers seen.
   */
  flapping?: Flap[];
  /** The target came from a HAR (`--har`): the front-end usage it was judged against. */
  har?: FrontEndUsage;
  outcomes: RuleOutcome[];
}

/** The settings a report was made with; the optional ones are written by the CLI. */
export interface ReportOptions {
  failOn: FailOn;
  rules: string[];
  trustedOrigins: string[];
  /** Display filter of human formats; JSON and SARIF keep every finding. */
  minSeverity?: Severity;
  failOnNew?: boolean;
  allowUnreachable?: boolean;
  ignoreFile?: string;
  config?: string;
}

/** Where the JSON Schema of a report lives: shipped in the package, so the URL resolves per version. */
export function reportSchemaUrl(tool: { name: string; version: string }): string {
  return `https://unpkg.com/${tool.name}@${tool.version}/schema/report.schema.json`;
}

/** The whole scan: the contract every reporter and `--format json` share. */
export interface ScanReport {
  /** URL of the JSON Schema this report follows (schema/report.schema.json in the package). */
  $schema?: string;
  schemaVersion: 1;
  /** Read from package.json, never hard-coded. */
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  options: ReportOptions;
  /** True when the scan was stopped (SIGINT/SIGTERM) before every target was scanned. */
  interrupted?: boolean;
  /** The share of the targets this report covers (`--shard i/n`); absent for a whole run. */
  shard?: { index: number; count: number };
  targets: TargetResult[];
  /** Sorted by target, severity (worst first), rule id, message, fingerprint. */
  findings: Finding[];
  /** With `--baseline`: the comparison with the previous report. */
  baseline?: BaselineSummary;
}

/** Comparison of a scan with a previous report, by finding fingerprint. */
export interface BaselineSummary {
  /** The previous report's path, as given. */
  file: string;
  new: number;
  unchanged: number;
  /** Findings of the previous report that this scan no longer shows. */
  fixed: Finding[];
}
