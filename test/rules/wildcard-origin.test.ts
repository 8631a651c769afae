import rule from '../../src/rules/wildcard-origin.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    { name: 'exact origin', views: { 'simple:arbitrary-origin': {}, 'simple:own-origin': { acao: 'https://api.victim.test', vary: 'Origin' } } },
    { name: 'wildcard with credentials is another rule', views: { 'simple:no-origin': { acao: '*', acac: 'true' } } },
    {
      name: '* only without Origin, the Origin echoed otherwise (Flask-CORS default): no CORS check sees the *',
      views: { 'simple:no-origin': { acao: '*' }, 'simple:arbitrary-origin': { acao: 'https://corscan-attacker.example', vary: 'Origin' } },
    },
  ],
  invalid: [
    { name: 'public wildcard', views: { 'simple:no-origin': { acao: '*' }, 'simple:arbitrary-origin': { acao: '*' } }, findings: [{ messageId: 'wildcard', severity: 'info', evidence: ['simple:arbitrary-origin'] }] },
  ],
});
