import rule from '../../src/rules/private-network-permissive.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import type { ViewInput } from '../helpers/views.js';
import { ATTACKER } from '../helpers/views.js';

const pna = (response: ViewInput): ViewInput => ({
  method: 'OPTIONS',
  families: ['private-network'],
  requestHeaders: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Private-Network': 'true' },
  ...response,
});

runRuleTests(rule, {
  valid: [
    { name: 'PNA not granted', views: { 'preflight:untrusted:pna': pna({ acao: ATTACKER }) } },
    { name: 'PNA granted but the origin is not', views: { 'preflight:untrusted:pna': pna({ headers: [['Access-Control-Allow-Private-Network', 'true']] }) } },
    { name: 'not exactly true', views: { 'preflight:untrusted:pna': pna({ acao: '*', headers: [['Access-Control-Allow-Private-Network', 'TRUE']] }) } },
  ],
  invalid: [
    {
      name: 'PNA granted to an unrelated origin',
      views: { 'preflight:untrusted:pna': pna({ acao: ATTACKER, headers: [['Access-Control-Allow-Private-Network', 'true']] }) },
      findings: [{ messageId: 'granted', severity: 'low', data: { origin: ATTACKER, verdict: 'allowed' } }],
    },
    {
      name: 'PNA with *',
      views: { 'preflight:untrusted:pna': pna({ acao: '*', headers: [['Access-Control-Allow-Private-Network', 'true']] }) },
      findings: [{ messageId: 'granted' }],
    },
  ],
});
