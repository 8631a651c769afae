import rule from '../../src/rules/policy-drift.js';
import type { ExpectedPolicy } from '../../src/model/expected-policy.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { ATTACKER } from '../helpers/views.js';

const front = 'https://app.victim.test';
const admin = 'https://admin.victim.test';
const legacy = 'https://legacy.victim.test';
const expected: ExpectedPolicy = { allowedOrigins: [front], credentials: true, methods: ['PUT'], headers: ['Content-Type'], maxAge: 600 };
const site = { expected };
const trusted = (origin: string) => `simple:trusted:${origin}`;
const preflight = (acam: string, acah: string, maxAge?: string, status = 204) => ({
  method: 'OPTIONS',
  origin: front,
  families: ['expected-policy'],
  status,
  acao: front,
  acam,
  acah,
  ...(maxAge ? { maxAge } : {}),
  requestHeaders: { 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
});
const matching = {
  'simple:arbitrary-origin': { vary: 'Origin' },
  [trusted(front)]: { families: ['trusted-origin', 'expected-policy'], acao: front, acac: 'true', vary: 'Origin' },
  'preflight:expected:PUT': preflight('GET, PUT', 'Content-Type', '600'),
};

runRuleTests(rule, {
  valid: [
    { name: 'no expected policy: nothing to compare', views: { [trusted(front)]: { families: ['expected-policy'], acao: front } } },
    { name: 'deployed exactly as expected', views: matching, site },
    {
      name: 'allowedOrigins * accepts a wildcard',
      views: { 'simple:arbitrary-origin': { families: ['arbitrary-origin', 'expected-policy'], acao: '*' } },
      site: { expected: { allowedOrigins: ['*'] } },
    },
    {
      name: 'the own origin granted is same-origin, not drift',
      views: { ...matching, 'simple:own-origin': { acao: 'https://api.victim.test' } },
      site,
    },
  ],
  invalid: [
    {
      name: 'an unlisted origin is granted with credentials (high)',
      views: { ...matching, [trusted(legacy)]: { acao: legacy, acac: 'true' } },
      site,
      findings: [{ messageId: 'originNotAllowed', severity: 'high', data: { origin: legacy }, evidence: [trusted(legacy)] }],
    },
    {
      name: 'an attacker origin granted without credentials (medium)',
      views: { ...matching, 'simple:arbitrary-origin': { acao: ATTACKER } },
      site,
      findings: [{ messageId: 'originNotAllowed', severity: 'medium', data: { origin: ATTACKER } }],
    },
    {
      name: 'a listed origin is refused',
      views: { ...matching, [trusted(admin)]: { families: ['expected-policy'], vary: 'Origin' } },
      site: { expected: { ...expected, allowedOrigins: [front, admin] } },
      findings: [{ messageId: 'originRefused', data: { origin: admin }, evidence: [trusted(admin)] }],
    },
    {
      name: 'credentials differ',
      views: { ...matching, [trusted(front)]: { families: ['expected-policy'], acao: front, vary: 'Origin' } },
      site,
      findings: [{ messageId: 'credentialsDiffer', data: { origin: front, expected: 'true', actual: 'not allowed' } }],
    },
    {
      name: 'PUT missing, DELETE extra, a header extra, max-age differs',
      views: { ...matching, 'preflight:expected:PUT': preflight('GET, POST, DELETE', 'Content-Type, X-Debug') },
      site,
      findings: [
        { messageId: 'methodsMissing', data: { methods: 'PUT' } },
        { messageId: 'methodsExtra', severity: 'low', data: { methods: 'DELETE' } },
        { messageId: 'headersExtra', severity: 'low', data: { headers: 'x-debug' } },
        { messageId: 'maxAgeDiffer', severity: 'low', data: { expected: '600', actual: 'absent' } },
      ],
    },
    {
      name: 'a failing preflight (403) allows nothing',
      views: { ...matching, 'preflight:expected:PUT': preflight('PUT', 'Content-Type', '600', 403) },
      site,
      findings: [
        { messageId: 'methodsMissing', data: { methods: 'PUT' } },
        { messageId: 'headersMissing', data: { headers: 'content-type' } },
      ],
    },
    {
      name: 'exposed headers differ',
      views: { ...matching, [trusted(front)]: { families: ['expected-policy'], acao: front, acac: 'true', aceh: 'X-Total' } },
      site: { expected: { allowedOrigins: [front], exposedHeaders: ['X-Request-Id'] } },
      findings: [{ messageId: 'exposedDiffer', data: { expected: 'x-request-id', actual: 'x-total' } }],
    },
  ],
});
