import rule from '../../src/rules/origin-reflection.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { ATTACKER } from '../helpers/views.js';

runRuleTests(rule, {
  valid: [
    { name: 'attacker origin refused', views: { 'simple:arbitrary-origin': { vary: 'Origin' } } },
    { name: 'wildcard is not reflection', views: { 'simple:arbitrary-origin': { acao: '*' } } },
    { name: 'static front-end origin', views: { 'simple:arbitrary-origin': { acao: 'https://app.victim.test' } } },
    // Browsers compare byte for byte: an upper-case echo grants nothing (that is invalid-acao's finding).
    { name: 'upper-case echo is not a grant', views: { 'simple:arbitrary-origin': { acao: ATTACKER.toUpperCase() } } },
    { name: 'echo with trailing slash is not a grant', views: { 'simple:arbitrary-origin': { acao: `${ATTACKER}/` } } },
    { name: 'echo twice is not a grant', views: { 'simple:arbitrary-origin': { acao: [ATTACKER, ATTACKER] } } },
  ],
  invalid: [
    { name: 'echoed', views: { 'simple:arbitrary-origin': { acao: ATTACKER } }, findings: [{ messageId: 'reflected', severity: 'high', data: { origin: ATTACKER } }] },
    {
      name: 'echoed with credentials',
      views: { 'simple:arbitrary-origin': { acao: ATTACKER, acac: 'true' } },
      findings: [{ messageId: 'reflectedWithCredentials', severity: 'critical', evidence: ['simple:arbitrary-origin'] }],
    },
    {
      name: 'echoed only on an error status is one level lower',
      views: { 'simple:arbitrary-origin': { acao: ATTACKER, status: 404 } },
      findings: [{ messageId: 'reflected', severity: 'medium' }],
    },
    {
      name: '"True" does not grant credentials',
      views: { 'simple:arbitrary-origin': { acao: ATTACKER, acac: 'True' } },
      findings: [{ messageId: 'reflected', severity: 'high' }],
    },
  ],
});
