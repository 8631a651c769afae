import type { ProbeResponse } from './exchange.js';
import type { ProbeId } from './probe.js';
import type { Severity } from './severity.js';

/** One probe's request and response, as shown in a finding. */
export interface Evidence {
  probeId: ProbeId;
  request: { method: string; url: string; headers: Record<string, string> };
  response?: ProbeResponse;
  /** A curl command that sends the same request. */
  curl: string;
}

/** A defect on one target, as reporters consume it. */
export interface Finding {
  /** Rule id, e.g. `origin-reflection`. */
  ruleId: string;
  /** Which of the rule's messages applies. */
  messageId: string;
  /** Rule title, for reporters that show one line per finding. */
  title: string;
  /** Rendered plain-text message, never ANSI. */
  message: string;
  /** The message arguments. */
  data: Record<string, string>;
  /** Base severity raised or lowered by the rule. */
  severity: Severity;
  /** Normalised target URL. */
  target: string;
  /** The requests and responses that show the defect. */
  evidence: Evidence[];
  /** How to fix it. */
  remediation: string;
  /** sha256 of rule, target, message id and data: stable across runs. */
  fingerprint: string;
  /** Where the rule is documented. */
  docsUrl: string;
  /** Set when an ignore-file entry covers the finding: it stays in the report but never gates. */
  suppressed?: Suppression;
  /** With `--baseline`: whether the previous report had this fingerprint. */
  baseline?: BaselineStatus;
}

/** Why a finding is suppressed, and by which ignore-file entry. */
export interface Suppression {
  reason: string;
  /** `<file>#<entry number>`, 1-based. */
  source: string;
  /** ISO date (YYYY-MM-DD) after which the entry stops suppressing. */
  expires?: string;
}

export type BaselineStatus = 'new' | 'unchanged';
