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
    { name: 'Vary: * covers it', views: { 'simple:arbitrary-origin': { vary: '*' }, [`simple:trusted:${front}`]: { acao: front, vary: '*' } } },
    {
      // RFC 9110 §9.3.7: answers to OPTIONS are not cacheable; the preflight cache is keyed by origin.
      name: 'preflights answered per origin without Vary (issue 15)',
      views: {
        'preflight:untrusted:PUT': preflight('PUT', 'content-type', { status: 204 }),
        'preflight:trusted:PUT': preflight('PUT', 'content-type', { status: 204, acao: front, acam: 'PUT' }, front),
      },
    },
    { name: '* only with an Origin, with Vary: Origin', views: { 'simple:no-origin': {}, 'simple:arbitrary-origin': { acao: '*', vary: 'Origin' } } },
    {
      name: 'a reflection seen only with a cookie is not compared with the answer without one',
      views: { 'simple:arbitrary-origin': { acao: '*' }, 'simple:arbitrary-origin:cookie': { acao: ATTACKER, acac: 'true', requestHeaders: { Cookie: 'corscan=1' } } },
    },
  ],
  invalid: [
    {
      // Flask-CORS with an origins list: Vary only on grants (found by the real-server suite).
      name: 'Vary only on grants: refusals and the answer without Origin lack it',
      views: { 'simple:no-origin': {}, 'simple:arbitrary-origin': {}, [`simple:trusted:${front}`]: { acao: front, vary: 'Origin' } },
      findings: [{ messageId: 'missingVary', data: { method: 'GET' }, evidence: ['simple:no-origin', 'simple:arbitrary-origin'] }],
    },
    {
      name: 'allowlist without Vary',
      views: { 'simple:arbitrary-origin': {}, [`simple:trusted:${front}`]: { acao: front } },
      findings: [{ messageId: 'missingVary', severity: 'low', evidence: [`simple:trusted:${front}`, 'simple:arbitrary-origin'] }],
    },
    {
      name: 'reflection without Vary',
      views: { 'simple:no-origin': {}, 'simple:arbitrary-origin': { acao: ATTACKER }, 'simple:null-origin': { acao: 'null' } },
      findings: [{ messageId: 'missingVary', evidence: ['simple:arbitrary-origin', 'simple:null-origin', 'simple:no-origin'] }],
    },
    {
      name: '* sent only when the request has an Origin, without Vary (issue 15)',
      views: { 'simple:no-origin': {}, 'simple:arbitrary-origin': { acao: '*' }, 'simple:null-origin': { acao: '*' } },
      findings: [{ messageId: 'wildcardOnlyWithOrigin', data: { method: 'GET' }, evidence: ['simple:arbitrary-origin', 'simple:null-origin'] }],
    },
  ],
});
