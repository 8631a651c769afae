import { describe, expect, it } from 'vitest';
import { policyInputForTarget, targetFix } from '../../src/fix/target-policy.js';
import type { Finding } from '../../src/model/finding.js';

const URL_A = 'https://api.example.com/v1/';
const finding = (ruleId: string, messageId: string, data: Record<string, string> = {}, target = URL_A) =>
  ({ ruleId, messageId, data, target }) as unknown as Finding;

describe('policyInputForTarget', () => {
  it('takes declared and learned origins, drops the target itself and null, infers credentials', () => {
    const input = policyInputForTarget(
      { findings: [finding('invalid-acac', 'notExactlyTrue', { value: 'True' })] },
      { url: URL_A, trustedOrigins: { declared: ['https://app.example.com'], learned: ['https://api.example.com', 'null', 'https://admin.example.com'] } },
    );
    expect(input).toEqual({ origins: ['https://admin.example.com', 'https://app.example.com'], credentials: true });
  });

  it('adds the origins a sent list meant to allow; ignores other targets', () => {
    const input = policyInputForTarget(
      { findings: [finding('multiple-acao', 'list', { value: 'https://app.example.com, https://admin.example.com' }), finding('origin-reflection', 'reflectedWithCredentials', {}, 'https://other.test/')] },
      { url: URL_A, trustedOrigins: { declared: [], learned: [] } },
    );
    expect(input).toEqual({ origins: ['https://admin.example.com', 'https://app.example.com'], credentials: false });
  });
});

describe('targetFix', () => {
  it('renders the framework for the target, or says why it cannot', () => {
    const target = { url: URL_A, trustedOrigins: { declared: ['https://app.example.com'], learned: [] } };
    expect(targetFix({ findings: [] }, target, 'express').code).toContain("origin: ['https://app.example.com'],");
    expect(targetFix({ findings: [] }, { ...target, trustedOrigins: { declared: [], learned: [] } }, 'express').note).toMatch(/--trusted-origin/);
    expect(targetFix({ findings: [] }, { ...target, trustedOrigins: { declared: ['http://app.example.com'], learned: [] } }, 'express').code).toBeDefined();
    expect(
      targetFix({ findings: [finding('null-origin', 'nullAllowedWithCredentials')] }, { ...target, trustedOrigins: { declared: ['http://app.example.com'], learned: [] } }, 'nginx').note,
    ).toMatch(/plain http/);
  });
});

describe('policyInputForTarget keeps the grant', () => {
  const granted = { methods: ['GET', 'PUT', 'DELETE'], headers: ['Authorization'], expose: ['ETag', 'X-Auth-Token'], credentials: true, public: false };
  const target = { url: URL_A, trustedOrigins: { declared: ['https://app.example.com'], learned: [] }, granted };

  it('keeps methods, headers, exposed headers and credentials the server grants its trusted origins', () => {
    expect(policyInputForTarget({ findings: [] }, target)).toEqual({
      origins: ['https://app.example.com'],
      credentials: true,
      methods: ['GET', 'PUT', 'DELETE'],
      headers: ['Authorization'],
      expose: ['ETag', 'X-Auth-Token'],
    });
  });

  it('drops only what a finding shows is wrong: an echoed list, a leaked header', () => {
    const findings = [finding('reflected-request-headers', 'reflected'), finding('sensitive-expose-headers', 'sensitive', { names: 'X-Auth-Token', origin: 'https://app.example.com' })];
    expect(policyInputForTarget({ findings }, target)).toEqual({ origins: ['https://app.example.com'], credentials: true, methods: ['GET', 'PUT', 'DELETE'], expose: ['ETag'] });
  });

  it('a public * API keeps * without credentials; flags win over the grant', () => {
    const open = { url: URL_A, trustedOrigins: { declared: [], learned: [] }, granted: { ...granted, credentials: false, public: true } };
    expect(policyInputForTarget({ findings: [] }, open)).toMatchObject({ origins: ['*'], credentials: false });
    expect(policyInputForTarget({ findings: [] }, target, { methods: ['GET'] })).toMatchObject({ methods: ['GET'], headers: ['Authorization'] });
  });
});
