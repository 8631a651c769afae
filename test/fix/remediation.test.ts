import { describe, expect, it } from 'vitest';
import { originsToTrust, remediationFor, usesCredentials } from '../../src/fix/remediation.js';
import type { SiteInfo } from '../../src/model/observation.js';
import type { Rule } from '../../src/model/rule.js';
import { describeSite } from '../../src/probe/site.js';
import { RULES } from '../../src/rules/index.js';

const APP = 'https://app.victim.test';

function site(declared: string[] = [APP], learned: string[] = []): SiteInfo {
  return { ...describeSite('https://api.victim.test/v1/me', declared), learnedTrustedOrigins: learned };
}

const rule = (id: string): Rule => RULES.find((r) => r.id === id)!;

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

  it('origin-trust data: names the granted origin, keeps credentials from data.credentials, never re-trusts it', () => {
    const text = remediationFor({
      rule: rule('suffix-match'),
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
    const text = remediationFor({ rule: rule('reflected-request-method'), messageId: 'm', data: {}, site: site() });
    expect(text).toContain(`answer a preflight from \`Origin: ${APP}\``);
    expect(text).toContain('`Access-Control-Allow-Methods: <fixed list>`');
  });

  it('keeps what the server grants its trusted origins and changes only what the finding says is wrong', () => {
    const granted = { methods: ['GET', 'PUT', 'DELETE'], headers: ['Authorization', 'Content-Type'], expose: ['ETag', 'X-Auth-Token'], credentials: true, public: false };
    const withGrant = { ...site(), granted };
    const failure = remediationFor({ rule: rule('preflight-failure'), messageId: 'm', data: {}, site: withGrant });
    expect(failure).toContain('`Access-Control-Allow-Methods: GET, PUT, DELETE`, `Access-Control-Allow-Headers: Authorization, Content-Type`');
    expect(failure).toContain('`Access-Control-Allow-Credentials: true`');
    expect(failure).toContain(`corscan policy --origin ${APP} --credentials --methods GET,PUT,DELETE --headers Authorization,Content-Type --expose ETag,X-Auth-Token`);
    // Reflection: the echoed methods are only what the probe asked for, so the fix asks for the real list.
    const reflected = remediationFor({ rule: rule('reflected-request-method'), messageId: 'm', data: {}, site: withGrant });
    expect(reflected).toContain('`Access-Control-Allow-Methods: <fixed list>`, `Access-Control-Allow-Headers: Authorization, Content-Type`');
    // A sensitive exposed header is the one thing the fix drops.
    const exposed = remediationFor({ rule: rule('sensitive-expose-headers'), messageId: 'sensitive', data: { names: 'X-Auth-Token', origin: APP }, site: withGrant });
    expect(exposed).toContain('`Access-Control-Expose-Headers: ETag`');
    expect(exposed).not.toContain('X-Auth-Token,');
  });

  it('an expected policy is the fix: every flag of it in the command', () => {
    const expected = { allowedOrigins: [APP], credentials: true, methods: ['GET', 'PATCH'], headers: ['Authorization'], exposedHeaders: ['ETag'], maxAge: 300 };
    const text = remediationFor({ rule: rule('policy-drift'), messageId: 'methodsMissing', data: { methods: 'PATCH' }, site: { ...site(), expected } });
    expect(text).toMatch(/^Make the server answer as the expected policy says \(origins https:\/\/app\.victim\.test; credentials true; methods GET, PATCH; request headers Authorization; exposed headers ETag; max-age 300 s\)/);
    expect(text).toContain(`corscan policy --origin ${APP} --credentials --methods GET,PATCH --headers Authorization --expose ETag --max-age 300`);
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
