import { isSerializedOrigin } from '../cors/origin.js';
import { usagePolicy, usagePolicyCommand } from '../model/front-end-usage.js';
import type { SiteInfo } from '../model/observation.js';
import type { GrantPart, MessageData, Rule, RuleFix } from '../model/rule.js';
import { DEFAULT_MAX_AGE, MAX_AGE_CAP } from './policy-builder.js';

/**
 * Per-finding remediation: the rule's own fix advice (its `fix` hook, next to its check)
 * plus the exact headers the target should send its trusted origins. The headers keep
 * what the server already grants them (methods, request headers, exposed headers,
 * credentials) and change only what the finding says is wrong, so pasting the fix never
 * breaks a working front end. Pure.
 */

export interface RemediationInput {
  rule: Pick<Rule, 'id' | 'fix'>;
  messageId: string;
  data: MessageData;
  site: SiteInfo;
}

const code = (text: string): string => `\`${text}\``;

/** Origins the fix should name: trusted by the site, real, and not the finding's own untrusted origin. */
export function originsToTrust(site: SiteInfo, exclude: readonly (string | undefined)[] = []): string[] {
  const all = [...site.declaredTrustedOrigins, ...site.learnedTrustedOrigins];
  return [...new Set(all)].filter(
    // The target's own origin needs no CORS: same-origin reads are always allowed.
    (o) => isSerializedOrigin(o) && o !== site.origin && !exclude.includes(o),
  );
}

/** Rules whose finding means the site wants credentials (it sends them, or tries to). */
const CREDENTIAL_RULES = ['wildcard-with-credentials', 'wildcard-methods-headers-credentials'];

/** Whether the fixed policy should keep credentials: the finding shows the site sends them. */
export function usesCredentials(ruleId: string, messageId: string, data: MessageData): boolean {
  // Origin-trust rules say it outright.
  if (data['credentials'] !== undefined) return data['credentials'] === 'true';
  // `True` or `true, true` meant yes; `false` or `1` (invalid-acac's "meaningless") did not.
  if (ruleId === 'invalid-acac') return messageId !== 'meaningless' && /true/i.test(data['value'] ?? '');
  if (CREDENTIAL_RULES.includes(ruleId)) return true;
  return /withcredentials/i.test(messageId);
}

/** The policy a fix prescribes for one finding: the site's grant with the finding's defect taken out. */
export interface FixPolicy {
  origins: string[];
  credentials: boolean;
  /** Undefined when unknown: the fix then says `<fixed list>`. */
  methods?: string[];
  headers?: string[];
  expose: string[];
  maxAge: number;
}

/** "answer `Origin: A` with … ; answer other origins without CORS headers". */
function headersSentence(answer: RuleFix['answer'], policy: FixPolicy): string {
  const { origins } = policy;
  const example = origins[0] ?? 'https://app.example.com';
  const grant = [`Access-Control-Allow-Origin: ${example}`, ...(policy.credentials ? ['Access-Control-Allow-Credentials: true'] : [])];
  const listed = (items: string[] | undefined) => (items ? items.join(', ') : '<fixed list>');
  const extra =
    answer === 'preflight'
      ? [
          `Access-Control-Allow-Methods: ${listed(policy.methods)}`,
          ...(policy.headers?.length === 0 ? [] : [`Access-Control-Allow-Headers: ${listed(policy.headers)}`]),
          `Access-Control-Max-Age: ${policy.maxAge}`,
        ]
      : policy.expose.length > 0
        ? [`Access-Control-Expose-Headers: ${policy.expose.join(', ')}`]
        : [];
  const who = origins.length === 0 ? `your front end's exact origin, e.g. ${code(`Origin: ${example}`)},` : code(`Origin: ${example}`);
  const others = origins.length > 1 ? ` (likewise ${origins.slice(1).map(code).join(', ')})` : '';
  const request = answer === 'preflight' ? 'a preflight from ' : '';
  const hint = origins.length === 0 ? ' (name your front ends with --trusted-origin for the exact headers)' : '';
  return `answer ${request}${who} with ${[...grant, ...extra, 'Vary: Origin'].map(code).join(', ')}${others}; answer other origins without CORS headers${hint}`;
}

/** The `corscan policy` command that prints framework configuration for exactly this policy: every flag it needs. */
export function policyCommand(policy: FixPolicy): string {
  const flags = [
    ...(policy.origins.length > 0 ? policy.origins.map((o) => `--origin ${o}`) : ['--origin <front end>']),
    ...(policy.credentials ? ['--credentials'] : []),
    ...(policy.methods ? [`--methods ${policy.methods.join(',')}`] : []),
    // An empty list is what a front end needs when it sends no unsafe header.
    ...(policy.headers ? [`--headers ${policy.headers.length > 0 ? policy.headers.join(',') : "''"}`] : []),
    ...(policy.expose.length > 0 ? [`--expose ${policy.expose.join(',')}`] : []),
    ...(policy.maxAge !== DEFAULT_MAX_AGE ? [`--max-age ${policy.maxAge}`] : []),
  ];
  return `corscan policy ${flags.join(' ')}`;
}

/**
 * What the fix of one finding prescribes. Precedence: the expected policy of the config
 * file (the user's statement of intent), then the front end's recorded usage (HAR), then
 * what the server grants its trusted origins with the finding's defect taken out.
 */
export function fixPolicy(fix: RuleFix, ruleId: string, messageId: string, data: MessageData, site: SiteInfo): FixPolicy {
  const badOrigin = data['origin'] && data['origin'] !== '' ? data['origin'] : undefined;
  const expected = site.expected;
  if (expected?.allowedOrigins && !expected.allowedOrigins.includes('*')) {
    return {
      origins: expected.allowedOrigins.filter((o) => o !== 'null' && o !== site.origin),
      credentials: expected.credentials ?? false,
      ...(expected.methods ? { methods: expected.methods } : {}),
      ...(expected.headers ? { headers: expected.headers } : {}),
      expose: expected.exposedHeaders ?? [],
      maxAge: expected.maxAge !== undefined && expected.maxAge <= MAX_AGE_CAP ? expected.maxAge : DEFAULT_MAX_AGE,
    };
  }
  if (site.usage) {
    const usage = usagePolicy(site.usage);
    return {
      origins: usage.origins.filter((o) => o !== badOrigin),
      credentials: site.usage.credentialsRecorded ? usage.credentials : usesCredentials(ruleId, messageId, data),
      methods: usage.methods,
      headers: usage.headers,
      expose: [],
      maxAge: DEFAULT_MAX_AGE,
    };
  }
  const granted = site.granted;
  const replaces = fix.replaces ?? [];
  const keep = (part: GrantPart, values: string[] | undefined) => (values && values.length > 0 && !replaces.includes(part) ? values : undefined);
  const methods = keep('methods', granted?.methods);
  const kept = keep('headers', granted?.headers) ?? [];
  const added = (fix.allowHeaders ?? []).filter((name) => !kept.some((header) => header.toLowerCase() === name.toLowerCase()));
  const headers = kept.length + added.length > 0 ? [...kept, ...added] : undefined;
  const unexpose = (fix.unexpose ?? []).map((name) => name.toLowerCase());
  return {
    origins: originsToTrust({ ...site, learnedTrustedOrigins: [...site.learnedTrustedOrigins, ...(fix.intended ?? [])] }, [badOrigin, 'null']),
    credentials: Boolean(granted?.credentials) || usesCredentials(ruleId, messageId, data),
    ...(methods ? { methods } : {}),
    ...(headers ? { headers } : {}),
    expose: (keep('expose', granted?.expose) ?? []).filter((name) => !unexpose.includes(name.toLowerCase())),
    maxAge: DEFAULT_MAX_AGE,
  };
}

/**
 * The rule-specific advice at the start of a remediation text, without the headers
 * sentence and policy command that {@link remediationFor} appends: reporters that print
 * the headers once per target show only this part per rule.
 */
export function adviceOf(remediation: string): string {
  const match = /(?:; |(?<=otherwise) )answer /.exec(remediation);
  const advice = match ? remediation.slice(0, match.index) : remediation;
  return advice.replace(/[;,]? ?otherwise$/, '');
}

/** Renders the remediation text of one finding: advice, the exact headers, and the policy command. */
export function remediationFor({ rule, messageId, data, site }: RemediationInput): string {
  const fix = rule.fix(data, site);
  const advice = fix.advice.replace(/[.;:,\s]+$/, '');
  const policy = fixPolicy(fix, rule.id, messageId, data, site);
  const joiner = advice.endsWith('otherwise') ? ' ' : '; ';
  // A HAR's command names exactly what the front end sends (its usage), as the headers above do.
  const command = site.usage && !site.expected?.allowedOrigins ? usagePolicyCommand(site.usage) : policyCommand(policy);
  return `${advice}${joiner}${headersSentence(fix.answer, policy)}. \`${command}\` prints the configuration for your framework.`;
}
