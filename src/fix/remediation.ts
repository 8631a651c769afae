import { isSerializedOrigin, originOf } from '../cors/origin.js';
import { usagePolicy, usagePolicyCommand } from '../model/front-end-usage.js';
import type { SiteInfo } from '../model/observation.js';
import type { MessageData, Rule } from '../model/rule.js';
import { DEFAULT_MAX_AGE } from './policy-builder.js';

/**
 * Per-finding remediation: rule-specific advice plus the exact headers the target
 * should send, given the origins it trusts (declared with --trusted-origin or learned
 * from its answers). Pure. Works for every rule: a rule's own `fix`, else this table by
 * rule id, else its category, else its meta.remediation, so rules added later are covered.
 */

export interface RemediationInput {
  rule: Pick<Rule, 'id' | 'meta' | 'fix'>;
  messageId: string;
  data: MessageData;
  site: SiteInfo;
}

/** What the fix needs to know about a finding. */
interface FixContext {
  data: MessageData;
  site: SiteInfo;
  /** The origin the finding is about (an untrusted one that was granted), if any. */
  badOrigin: string | undefined;
}

/** Which answer the headers sentence describes. */
type HeaderKind = 'actual' | 'preflight';

interface FixEntry {
  advice: (ctx: FixContext) => string;
  headers: HeaderKind;
  /** Origins the server evidently meant to allow (e.g. the entries of a list it sent). */
  intended?: (data: MessageData) => string[];
}

/** Serialized origins named in a header value that was meant as an allowlist. */
function originsIn(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((item) => (isSerializedOrigin(item) ? item : (originOf(item) ?? '')))
    .filter((item) => item !== '' && isSerializedOrigin(item));
}

const code = (text: string): string => `\`${text}\``;
const origin = (ctx: FixContext, fallback: string): string => (ctx.badOrigin ? code(ctx.badOrigin) : fallback);

/** Origin-trust rules: a look-alike was granted; the cure is always an exact allowlist. */
function trustFix(why: (ctx: FixContext) => string): FixEntry {
  return { advice: (ctx) => `Stop granting ${origin(ctx, 'untrusted origins')}: ${why(ctx)}`, headers: 'actual' };
}

const EXACT = 'compare the whole Origin with an exact list of serialized origins (string equality)';

/** Advice by rule id, for the rules corscan has or plans (shared/rules.md). */
const BY_RULE: Record<string, FixEntry> = {
  'origin-reflection': trustFix(() => `never echo Origin unchecked; ${EXACT}`),
  'null-origin': { advice: () => 'Never allow the origin `null` (sandboxed iframes and data: URLs of any site send it)', headers: 'actual' },
  'suffix-match': trustFix(() => `${EXACT}, not its end (endsWith / \`domain$\` lets \`evil<domain>\` in)`),
  'prefix-match': trustFix(() => `${EXACT}, not its start (startsWith / an unanchored regex lets \`<domain>.evil.com\` in)`),
  'unescaped-dot': trustFix(() => `${EXACT}; a regex with an unescaped \`.\` matches any character`),
  'substring-match': trustFix(() => `${EXACT}, not a substring (includes / indexOf)`),
  'special-chars': trustFix(() => `${EXACT}; a pattern that tolerates characters such as \`_\` or \`\`\` after the host is bypassable in Safari`),
  'insecure-scheme': trustFix((ctx) => `allow only https origins${ctx.site.scheme === 'https' ? ': anyone on the network path of an http page can script it and read this https API' : ''}`),
  'any-subdomain': trustFix(() => 'list the subdomains that need access instead of trusting every subdomain (one XSS or taken-over subdomain would read the API)'),
  'third-party-origin': trustFix(() => 'do not trust shared hosting domains (github.io, herokuapp.com, codepen.io, S3 buckets): anyone can publish a page there'),
  'localhost-origin': trustFix(() => 'keep localhost, loopback and private-network origins out of the production allowlist'),
  'wildcard-with-credentials': {
    advice: () => 'Browsers refuse `Access-Control-Allow-Origin: *` with credentials: for public data drop `Access-Control-Allow-Credentials`; otherwise',
    headers: 'actual',
  },
  'wildcard-origin': {
    advice: () => 'Keep `Access-Control-Allow-Origin: *` only for public, unauthenticated data; otherwise',
    headers: 'actual',
  },
  'multiple-acao': {
    advice: () => 'Send exactly one `Access-Control-Allow-Origin` line with one origin (pick the request Origin from your list; remove the header from either the proxy or the application)',
    headers: 'actual',
    intended: (data) => originsIn(data['value']),
  },
  'invalid-acao': {
    advice: () => 'Send the origin exactly as browsers send it (lower case, no trailing slash, path or default port)',
    headers: 'actual',
    intended: (data) => originsIn(data['value']),
  },
  'invalid-acac': {
    advice: () => 'Send `Access-Control-Allow-Credentials: true` exactly (lower case, one line), or leave it out',
    headers: 'actual',
  },
  'missing-vary': {
    advice: () => 'Send `Vary: Origin` on every response whose CORS headers depend on Origin, refused origins included, so caches keep answers apart',
    headers: 'actual',
  },
  'preflight-failure': {
    advice: () => 'Answer the OPTIONS preflight with 2xx and the CORS headers before authentication or routing can reject it',
    headers: 'preflight',
  },
  'preflight-inconsistent': {
    advice: () => 'Apply one CORS policy to both the preflight and the actual request',
    headers: 'preflight',
  },
  'wildcard-methods-headers-credentials': {
    advice: () => 'With credentials, browsers read `*` in `Access-Control-Allow-Methods`/`-Headers` literally: list the methods and headers',
    headers: 'preflight',
  },
  'reflected-request-method': {
    advice: () => 'Stop echoing `Access-Control-Request-Method`: send a fixed list of the methods the API serves',
    headers: 'preflight',
  },
  'reflected-request-headers': {
    advice: () => 'Stop echoing `Access-Control-Request-Headers`: send a fixed list of the request headers the API reads',
    headers: 'preflight',
  },
  'excessive-max-age': {
    advice: () => `Send \`Access-Control-Max-Age\` of 7200 s or less (Chromium caps it at 7200 s, Firefox at 86400 s), e.g. ${DEFAULT_MAX_AGE}`,
    headers: 'preflight',
  },
  'sensitive-expose-headers': {
    advice: () => 'Expose only headers the front end needs; never tokens or Authorization, and never `*` with credentials',
    headers: 'actual',
  },
  'private-network-permissive': {
    advice: () => 'Send `Access-Control-Allow-Private-Network: true` only to preflights from trusted origins',
    headers: 'preflight',
  },
  'grant-exceeds-usage': {
    advice: () => 'Allow exactly what the front end uses (its pages, methods, request headers and credentials mode), and nothing more',
    headers: 'preflight',
  },
  'cors-on-error-only': {
    advice: () => 'Send the same CORS headers on every status and path (nginx `add_header ... always`, Apache `Header always set`)',
    headers: 'actual',
  },
};

/** Fallbacks for rules this table does not know, by the rule's category. */
const BY_CATEGORY: Record<string, FixEntry> = {
  permissive: { advice: (ctx) => `Grant only trusted origins${ctx.badOrigin ? `, not ${code(ctx.badOrigin)}` : ''}`, headers: 'actual' },
  invalid: { advice: () => 'Send CORS headers browsers accept', headers: 'actual' },
  inconsistent: { advice: () => 'Answer every request from the same origin with the same CORS headers', headers: 'actual' },
};

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

function headerList(headers: readonly string[]): string {
  return headers.map(code).join(', ');
}

/** "answer `Origin: A` with … ; answer other origins without CORS headers". `lists`: the exact methods and headers (from a HAR). */
function headersSentence(kind: HeaderKind, origins: readonly string[], credentials: boolean, lists?: { methods: string[]; headers: string[] }): string {
  const example = origins[0] ?? 'https://app.example.com';
  const grant = [`Access-Control-Allow-Origin: ${example}`, ...(credentials ? ['Access-Control-Allow-Credentials: true'] : [])];
  const preflight =
    kind === 'preflight'
      ? [
          `Access-Control-Allow-Methods: ${lists ? lists.methods.join(', ') : '<fixed list>'}`,
          ...(lists?.headers.length === 0 ? [] : [`Access-Control-Allow-Headers: ${lists ? lists.headers.join(', ') : '<fixed list>'}`]),
          `Access-Control-Max-Age: ${DEFAULT_MAX_AGE}`,
        ]
      : [];
  const who = origins.length === 0 ? `your front end's exact origin, e.g. ${code(`Origin: ${example}`)},` : code(`Origin: ${example}`);
  const others = origins.length > 1 ? ` (likewise ${origins.slice(1).map(code).join(', ')})` : '';
  const request = kind === 'preflight' ? 'a preflight from ' : '';
  const hint = origins.length === 0 ? ' (name your front ends with --trusted-origin for the exact headers)' : '';
  return `answer ${request}${who} with ${headerList([...grant, ...preflight, 'Vary: Origin'])}${others}; answer other origins without CORS headers${hint}`;
}

/** Origins a finding shows the server meant to allow (the entries of a list it sent, a malformed origin). */
export function intendedOrigins(ruleId: string, data: MessageData): string[] {
  return BY_RULE[ruleId]?.intended?.(data) ?? [];
}

/** The `corscan policy` command that prints framework configuration for this fix. */
function policyCommand(origins: readonly string[], credentials: boolean): string {
  const flags = origins.length > 0 ? origins.map((o) => `--origin ${o}`).join(' ') : '--origin <front end>';
  return `\`corscan policy ${flags}${credentials ? ' --credentials' : ''}\` prints the configuration for your framework`;
}

/** Renders the remediation text of one finding: advice, the exact headers, and the policy command. */
export function remediationFor({ rule, messageId, data, site }: RemediationInput): string {
  const badOrigin = data['origin'] && data['origin'] !== '' ? data['origin'] : undefined;
  const ctx: FixContext = { data, site, badOrigin };
  const entry = BY_RULE[rule.id] ?? BY_CATEGORY[rule.meta.category];
  const custom = rule.fix?.(data, site);
  const advice = (custom ?? entry?.advice(ctx) ?? rule.meta.remediation).replace(/[.;:,\s]+$/, '');
  const kind: HeaderKind = entry?.headers ?? 'actual';
  const intended = entry?.intended?.(data) ?? [];
  // A HAR says exactly what the front end needs: its pages, methods, headers, credentials.
  const usage = site.usage ? usagePolicy(site.usage) : undefined;
  const origins = usage ? usage.origins.filter((o) => o !== badOrigin) : originsToTrust({ ...site, learnedTrustedOrigins: [...site.learnedTrustedOrigins, ...intended] }, [badOrigin, 'null']);
  const credentials = usage && site.usage?.credentialsRecorded ? usage.credentials : usesCredentials(rule.id, messageId, data);
  const sentence = headersSentence(kind, origins, credentials, usage);
  const joiner = advice.endsWith('otherwise') ? ' ' : '; ';
  const command = site.usage ? `\`${usagePolicyCommand(site.usage)}\` prints the configuration for your framework` : policyCommand(origins, credentials);
  return `${advice}${joiner}${sentence}. ${command}.`;
}
