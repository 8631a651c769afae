import rule from '../../src/rules/missing-vary.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { preflight } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

const front = 'https://app.victim.test';

runRuleTests(rule, {
  valid: [
    { name: 'static wildcard needs no Vary', views: { 'simple:no-origin': { acao: '*' }, 'simple:arbitrary-origin': { acao: '*' } } },
    { name: 'static single origin needs no Vary', views: { 'simple:no-origin': { acao: front }, 'simple:arbitrary-origin': { acao: front } } },
    {
      name: 'allowlist with Vary: Origin',
      views: { 'simple:arbitrary-origin': { vary: 'Origin' }, [`simple:trusted:${front}`]: { acao: front, vary: 'Accept-Encoding, Origin' } },
    },
    { name: 'Vary: * covers it', views: { 'simple:arbitrary-origin': {}, [`simple:trusted:${front}`]: { acao: front, vary: '*' } } },
  ],
  invalid: [
    {
      name: 'allowlist without Vary',
      views: { 'simple:arbitrary-origin': {}, [`simple:trusted:${front}`]: { acao: front } },
      findings: [{ messageId: 'missingVary', severity: 'low', evidence: [`simple:trusted:${front}`] }],
    },
    {
      name: 'reflection without Vary',
      views: { 'simple:no-origin': {}, 'simple:arbitrary-origin': { acao: ATTACKER }, 'simple:null-origin': { acao: 'null' } },
      findings: [{ messageId: 'missingVary', evidence: ['simple:arbitrary-origin', 'simple:null-origin'] }],
    },
    {
      name: 'preflights answered per origin without Vary',
      views: {
        'preflight:untrusted:PUT': preflight('PUT', 'content-type', { status: 204 }),
        'preflight:trusted:PUT': preflight('PUT', 'content-type', { status: 204, acao: front, acam: 'PUT' }, front),
        'preflight:trusted:DELETE': preflight('DELETE', null, { status: 204, acao: front, acam: 'DELETE' }, front),
      },
      findings: [{ messageId: 'missingVary', data: { method: 'OPTIONS (preflight)' }, evidence: ['preflight:trusted:PUT'] }],
    },
  ],
});
