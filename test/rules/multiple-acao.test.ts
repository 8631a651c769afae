import rule from '../../src/rules/multiple-acao.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    { name: 'one origin', views: { 'simple:own-origin': { acao: 'https://api.victim.test' } } },
    { name: 'one wildcard', views: { 'simple:no-origin': { acao: '*' } } },
    // One line echoing a probe whose host holds a comma: byte-equal to the Origin, so a grant, not a list.
    {
      name: 'exact echo of a "," special-character probe',
      views: { 'simple:special': { origin: 'https://app.victim.test,.corscan-attacker.example', families: ['special-chars-mutation'], acao: 'https://app.victim.test,.corscan-attacker.example' } },
    },
  ],
  invalid: [
    {
      name: 'two header lines',
      views: { 'simple:no-origin': { acao: ['*', 'https://app.victim.test'] } },
      findings: [{ messageId: 'twoLines', data: { value: '*, https://app.victim.test', lines: '2' } }],
    },
    {
      name: 'the same origin twice still fails',
      views: { 'simple:own-origin': { acao: ['https://api.victim.test', 'https://api.victim.test'] } },
      findings: [{ messageId: 'twoLines' }],
    },
    {
      name: 'comma list, one finding for two probes',
      views: { 'simple:no-origin': { acao: 'https://a.victim.test, https://b.victim.test' }, 'simple:null-origin': { acao: 'https://a.victim.test, https://b.victim.test' } },
      findings: [{ messageId: 'list', evidence: ['simple:no-origin', 'simple:null-origin'] }],
    },
    { name: 'list without space', views: { 'simple:no-origin': { acao: 'https://a.victim.test,https://b.victim.test' } }, findings: [{ messageId: 'list' }] },
  ],
});
