import type { Observations, SiteInfo } from './observation.js';
import type { ProbeFamilyName, ProbeId } from './probe.js';
import type { Severity } from './severity.js';

/** How a rule's defect shows in a browser: the three classes the README groups rules by. */
export type RuleCategory = 'permissive' | 'invalid' | 'inconsistent';

/** Documentation and defaults of a rule; reporters read only this. */
export interface RuleMeta {
  title: string;
  description: string;
  /** Base severity, before escalation by the rule. */
  severity: Severity;
  category: RuleCategory;
  remediation: string;
  references: string[];
  cwe: string[];
  /** How often a hit is a real problem (SARIF `precision`). */
  precision: 'very-high' | 'high' | 'medium' | 'low';
}

/** A grant the server sends its trusted origins that a fix can keep or replace. */
export type GrantPart = 'methods' | 'headers' | 'expose';

/** A rule's fix advice for one finding; `fix` in the rule contract returns it. */
export interface RuleFix {
  /** One sentence: what to change. Ending in "otherwise" leads into the corrected headers. */
  advice: string;
  /** Which answer the corrected headers describe: the actual response or the preflight. */
  answer: 'actual' | 'preflight';
  /** Origins the finding shows the server meant to allow (the entries of a list it sent). */
  intended?: string[];
  /** Parts of the server's grant this finding shows are wrong: the fix lists them anew instead of keeping them. */
  replaces?: GrantPart[];
  /** Header names the fix must stop exposing (they leak secrets to every allowed origin). */
  unexpose?: string[];
  /** Request headers the front end needs that the server's grant lacks: the fix allows them too. */
  allowHeaders?: string[];
}

/** Message data is flat strings: it goes into fingerprints, JSON and SARIF as is. */
export type MessageData = Record<string, string>;
export type MessageFunctions = Record<string, (data: never) => string>;

/** The data a message function takes; a function without parameters takes `{}`. */
export type DataOf<F> = F extends (data: infer D) => string ? (unknown extends D ? Record<string, never> : D) : never;

/** One defect found by a rule; `data` must fit the chosen message. */
export type RuleHit<M extends MessageFunctions> = {
  [K in keyof M & string]: {
    messageId: K;
    data: DataOf<M[K]>;
    /** Probes whose responses show the defect; only probes of the rule's families. */
    evidence: ProbeId[];
    /** Overrides the base severity (escalation for credentials, lowering for error statuses). */
    severity?: Severity;
  };
}[keyof M & string];

// `any` as the default lets one array hold rules with different message sets.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Rule<M extends MessageFunctions = any> {
  /** Kebab-case id naming the defect; equals the file name. */
  id: string;
  meta: RuleMeta;
  /** Probe families the rule reads; the plan is the union over enabled rules. */
  requires: readonly ProbeFamilyName[];
  messages: M;
  /** Returns a reason when the rule cannot apply to the site (e.g. domain mutations on an IP). */
  appliesTo?(site: SiteInfo): true | string;
  /**
   * Returns a reason when every occurrence of the rule's defect is explained by a
   * broader one that another rule reports (a server that echoes every origin also
   * grants every look-alike): the outcome is then `not-applicable` with that reason,
   * so one root cause gives one finding.
   */
  coveredBy?(obs: Observations): string | undefined;
  /** Pure and synchronous; never throws on a missing view. */
  check(obs: Observations): RuleHit<M> | RuleHit<M>[] | undefined;
  /**
   * The fix of one finding, next to the check that found it (required: no rule falls back
   * to generic advice). The remediation module (src/fix/remediation.ts) appends the exact
   * headers for the site's trusted origins, keeping what the server already grants them.
   */
  fix(data: MessageData, site: SiteInfo): RuleFix;
}

/** Identity function that types `data` against the chosen `messageId`. */
export function defineRule<M extends MessageFunctions>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Renders a hit's message with its rule's message function. */
export function renderMessage(rule: Rule, messageId: string, data: MessageData): string {
  const render = rule.messages[messageId] as ((d: MessageData) => string) | undefined;
  if (!render) throw new Error(`rule ${rule.id} has no message ${messageId}`);
  return render(data);
}
