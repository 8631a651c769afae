import rule from '../../src/rules/null-origin.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    { name: 'null refused', views: { 'simple:null-origin': {} } },
    { name: 'wildcard for null is public access, not trust', views: { 'simple:null-origin': { acao: '*' } } },
    { name: 'upper-case Null does not match', views: { 'simple:null-origin': { acao: 'Null' } } },
  ],
  invalid: [
    { name: 'null granted', views: { 'simple:null-origin': { acao: 'null' } }, findings: [{ messageId: 'nullAllowed', severity: 'high' }] },
    {
      name: 'null granted with credentials',
      views: { 'simple:null-origin': { acao: 'null', acac: 'true', vary: 'Origin' } },
      findings: [{ messageId: 'nullAllowedWithCredentials', severity: 'critical' }],
    },
  ],
});
