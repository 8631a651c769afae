import rule from '../../src/rules/invalid-acac.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const own = 'https://api.victim.test';

runRuleTests(rule, {
  valid: [
    { name: 'exactly true', views: { 'simple:own-origin': { acao: own, acac: 'true' } } },
    { name: 'absent', views: { 'simple:own-origin': { acao: own } } },
  ],
  invalid: [
    { name: 'True', views: { 'simple:own-origin': { acao: own, acac: 'True' } }, findings: [{ messageId: 'notExactlyTrue', severity: 'medium', data: { value: 'True' } }] },
    { name: 'TRUE', views: { 'simple:own-origin': { acao: own, acac: 'TRUE' } }, findings: [{ messageId: 'notExactlyTrue' }] },
    { name: 'two lines of true', views: { 'simple:own-origin': { acao: own, acac: ['true', 'true'] } }, findings: [{ messageId: 'notExactlyTrue', data: { value: 'true, true' } }] },
    { name: '1', views: { 'simple:own-origin': { acao: own, acac: '1' } }, findings: [{ messageId: 'meaningless', severity: 'low' }] },
    { name: 'false', views: { 'simple:own-origin': { acao: own, acac: 'false' } }, findings: [{ messageId: 'meaningless', severity: 'low' }] },
  ],
});
