import rule from '../../src/rules/wildcard-with-credentials.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    { name: 'wildcard alone', views: { 'simple:no-origin': { acao: '*' } } },
    { name: 'exact origin with credentials', views: { 'simple:own-origin': { acao: 'https://api.victim.test', acac: 'true', vary: 'Origin' } } },
    { name: 'wildcard with a non-true credentials value', views: { 'simple:no-origin': { acao: '*', acac: 'false' } } },
  ],
  invalid: [
    { name: 'wildcard and credentials', views: { 'simple:no-origin': { acao: '*', acac: 'true' } }, findings: [{ messageId: 'wildcardWithCredentials', severity: 'medium' }] },
  ],
});
