import rule from '../../src/rules/wildcard-with-credentials.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    { name: 'wildcard alone', views: { 'simple:arbitrary-origin': { acao: '*' } } },
    { name: 'exact origin with credentials', views: { 'simple:own-origin': { acao: 'https://api.victim.test', acac: 'true', vary: 'Origin' } } },
    { name: 'wildcard with a non-true credentials value', views: { 'simple:arbitrary-origin': { acao: '*', acac: 'false' } } },
    {
      name: '* and credentials only without Origin, allowed origins echoed (h3): no CORS check sees the *',
      views: { 'simple:no-origin': { acao: '*', acac: 'true' }, 'simple:own-origin': { acao: 'https://api.victim.test', acac: 'true', vary: 'Origin' } },
    },
  ],
  invalid: [
    {
      name: 'wildcard and credentials',
      views: { 'simple:no-origin': { acao: '*', acac: 'true' }, 'simple:arbitrary-origin': { acao: '*', acac: 'true' } },
      findings: [{ messageId: 'wildcardWithCredentials', severity: 'medium', evidence: ['simple:arbitrary-origin'] }],
    },
  ],
});
