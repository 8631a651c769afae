import { describe, expect, it } from 'vitest';
import { originsToTrust, remediationFor, usesCredentials } from '../../src/fix/remediation.js';
import type { SiteInfo } from '../../src/model/observation.js';
import type { Rule, RuleCategory } from '../../src/model/rule.js';
import { describeSite } from '../../src/probe/site.js';
import { RULES } from '../../src/rules/index.js';

const APP = 'https://app.victim.test';

function site(declared: string[] = [APP], learned: string[] = []): SiteInfo {
  return { ...describeSite('https://api.victim.test/v1/me', declared), learnedTrustedOrigins: learned };
}

function fakeRule(id: string, category: string, extra: Partial<Rule> = {}): Rule {
  return {
    id,
    meta: {
      title: id,
      description: id,
      severity: 'medium',
      category: category as RuleCategory,
      remediation: 'Do the generic thing.',
      references: [],
      cwe: [],
      precision: 'high',
    },
    requires: [],
    messages: {},
    check: () => undefined,
    ...extra,
  };
}

/** Rule ids other issues add (shared/rules.md); each must get its own advice, not a fallback. */
const PLANNED = [
  'suffix-match', 'prefix-match', 'unescaped-dot', 'substring-match', 'special-chars', 'insecure-scheme', 'any-subdomain',
  'third-party-origin', 'localhost-origin', 'preflight-failure', 'preflight-inconsistent', 'wildcard-methods-headers-credentials',
  'reflected-request-method', 'reflected-request-headers', 'excessive-max-age', 'sensitive-expose-headers',
  'private-network-permissive', 'cors-on-error-only',
];

describe('remediationFor', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: names the exact headers for the trusted origin', (_id, rule) => {
    const text = remediationFor({ rule, messageId: Object.keys(rule.messages)[0]!, data: {}, site: site() });
    expect(text).toContain(`\`Origin: ${APP}\` with \`Access-Control-Allow-Origin: ${APP}\``);
    expect(text).toContain('`Vary: Origin`');
    expect(text).toContain('answer other origins without CORS headers');
    expect(text).toContain(`corscan policy --origin ${APP}`);
    expect(text).not.toMatch(/\n/);
  });

  it('the example from the issue: an origin-trust finding with credentials', () => {
    const rule = RULES.find((r) => r.id === 'origin-reflection')!;
    const text = remediationFor({ rule, messageId: 'reflectedWithCredentials', data: { origin: 'https://corscan-attacker.example' }, site: site() });
    expect(text).toBe(
      'Stop granting `https://corscan-attacker.example`: never echo Origin unchecked; compare the whole Origin with an exact list of serialized origins (string equality); ' +
        `answer \`Origin: ${APP}\` with \`Access-Control-Allow-Origin: ${APP}\`, \`Access-Control-Allow-Credentials: true\`, \`Vary: Origin\`; ` +
        `answer other origins without CORS headers. \`corscan policy --origin ${APP} --credentials\` prints the configuration for your framework.`,
    );
  });

  it.each(PLANNED)('%s (added by another issue) gets rule-specific advice', (id) => {
    const generic = remediationFor({ rule: fakeRule(id, 'no-such-category'), messageId: 'm', data: {}, site: site() });
    expect(generic).not.toContain('Do the generic thing');
    expect(generic).toContain(`Access-Control-Allow-Origin: ${APP}`);
  });

  it('origin-trust data: names the granted origin, keeps credentials from data.credentials, never re-trusts it', () => {
    const text = remediationFor({
      rule: fakeRule('suffix-match', 'permissive'),
      messageId: 'm',
      data: { origin: 'https://evilvictim.test', credentials: 'true' },
      site: site([APP], ['https://evilvictim.test']),
    });
    expect(text).toMatch(/^Stop granting `https:\/\/evilvictim\.test`: .*endsWith/);
    expect(text).toContain('`Access-Control-Allow-Credentials: true`');
    expect(text).not.toContain('likewise `https://evilvictim.test`');
  });

  it.each([
    ['origin-reflection', 'reflectedWithCredentials', {}, true],
    ['origin-reflection', 'reflected', {}, false],
    ['suffix-match', 'grantedWithoutCredentials', { credentials: 'false' }, false],
    ['suffix-match', 'anything', { credentials: 'true' }, true],
    ['invalid-acac', 'notExactlyTrue', { value: 'True' }, true],
    ['invalid-acac', 'meaningless', { value: 'false' }, false],
    ['wildcard-with-credentials', 'wildcardWithCredentials', {}, true],
    ['brand-new', 'somethingWithoutCredentials', {}, false],
  ] as const)('%s / %s %j: credentials %s', (ruleId, messageId, data, expected) => {
    expect(usesCredentials(ruleId, messageId, data)).toBe(expected);
  });

  it('preflight rules describe the preflight answer', () => {
    const text = remediationFor({ rule: fakeRule('reflected-request-method', 'permissive'), messageId: 'm', data: {}, site: site() });
    expect(text).toContain(`answer a preflight from \`Origin: ${APP}\``);
    expect(text).toContain('`Access-Control-Allow-Methods: <fixed list>`');
  });

  it('unknown rule ids fall back to their category, then to meta.remediation', () => {
    expect(remediationFor({ rule: fakeRule('brand-new', 'invalid'), messageId: 'm', data: {}, site: site() })).toMatch(/^Send CORS headers browsers accept; answer/);
    expect(remediationFor({ rule: fakeRule('brand-new', 'odd'), messageId: 'm', data: {}, site: site() })).toMatch(/^Do the generic thing; answer/);
  });

  it("a rule's own fix(data, site) wins over the table, and gets the headers appended", () => {
    const rule = fakeRule('suffix-match', 'permissive', { fix: (data, s) => `Rule says ${data['origin']} on ${s.host}.` });
    const text = remediationFor({ rule, messageId: 'm', data: { origin: 'https://x.test' }, site: site() });
    expect(text).toMatch(/^Rule says https:\/\/x\.test on api\.victim\.test; answer `Origin: https:\/\/app\.victim\.test`/);
  });

  it('several trusted origins: the first as example, the others named', () => {
    const text = remediationFor({ rule: RULES[0]!, messageId: 'reflected', data: {}, site: site([APP], ['https://admin.victim.test']) });
    expect(text).toContain('(likewise `https://admin.victim.test`)');
    expect(text).toContain(`corscan policy --origin ${APP} --origin https://admin.victim.test`);
  });

  it('a list or a malformed origin the server sent names the origins it meant to allow', () => {
    const multiple = RULES.find((r) => r.id === 'multiple-acao')!;
    const list = remediationFor({ rule: multiple, messageId: 'list', data: { value: `${APP}, https://admin.victim.test` }, site: site([]) });
    expect(list).toContain(`answer \`Origin: ${APP}\` with \`Access-Control-Allow-Origin: ${APP}\``);
    expect(list).toContain('(likewise `https://admin.victim.test`)');
    const invalid = RULES.find((r) => r.id === 'invalid-acao')!;
    const slash = remediationFor({ rule: invalid, messageId: 'notAnOrigin', data: { value: `${APP}/` }, site: site([]) });
    expect(slash).toContain(`with \`Access-Control-Allow-Origin: ${APP}\``);
  });

  it('no trusted origin known: a marked example and the hint to declare one', () => {
    const text = remediationFor({ rule: RULES[0]!, messageId: 'reflected', data: {}, site: site([]) });
    expect(text).toContain("your front end's exact origin, e.g. `Origin: https://app.example.com`");
    expect(text).toContain('--trusted-origin');
    expect(text).toContain('--origin <front end>');
  });
});

describe('originsToTrust', () => {
  it('drops the target itself, null, non-origins and excluded origins', () => {
    const s = site([APP], ['https://api.victim.test', 'null', 'https://bad.test', 'https://admin.victim.test']);
    expect(originsToTrust(s, ['https://bad.test'])).toEqual([APP, 'https://admin.victim.test']);
  });
});
