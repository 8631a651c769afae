import rule from '../../src/rules/origin-reflection.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { preflight } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

/** A gateway's preflight answer granting the attacker with credentials. */
const gatewayPreflight = (method: string, acrh: string | null) =>
  preflight(method, acrh, { status: 204, acao: ATTACKER, acac: 'true', acam: 'GET, POST, PUT, DELETE', acah: 'authorization, content-type', vary: 'Origin' });

runRuleTests(rule, {
  valid: [
    { name: 'attacker origin refused', views: { 'simple:arbitrary-origin': { vary: 'Origin' } } },
    { name: 'wildcard is not reflection', views: { 'simple:arbitrary-origin': { acao: '*' } } },
    { name: 'static front-end origin', views: { 'simple:arbitrary-origin': { acao: 'https://app.victim.test' } } },
    // Browsers compare byte for byte: an upper-case echo grants nothing (that is invalid-acao's finding).
    { name: 'upper-case echo is not a grant', views: { 'simple:arbitrary-origin': { acao: ATTACKER.toUpperCase() } } },
    { name: 'echo with trailing slash is not a grant', views: { 'simple:arbitrary-origin': { acao: `${ATTACKER}/` } } },
    { name: 'echo twice is not a grant', views: { 'simple:arbitrary-origin': { acao: [ATTACKER, ATTACKER] } } },
    {
      // Browsers send cookies cross-origin only with credentials "include", which needs ACAC: true.
      name: 'an echo seen only with the probe Cookie, without credentials, is never readable (Starlette allow-all)',
      views: {
        'simple:arbitrary-origin': { acao: '*' },
        'simple:arbitrary-origin:cookie': { acao: ATTACKER, vary: 'Origin', requestHeaders: { Cookie: 'corscan=1' } },
      },
    },
    {
      name: 'a preflight passing only without credentials gives an attacker nothing its own server lacks',
      views: { 'simple:arbitrary-origin': {}, 'preflight:untrusted:PUT': preflight('PUT', 'authorization,content-type', { status: 204, acao: '*', acam: 'PUT', acah: 'authorization, content-type' }) },
    },
  ],
  invalid: [
    {
      name: 'an echo on the POST answer only (--unsafe-methods): a simple POST needs no preflight, so the POST is the finding (issue 15)',
      views: {
        'simple:arbitrary-origin': { vary: 'Origin' },
        'simple:arbitrary-origin:post': { method: 'POST', acao: ATTACKER, acac: 'true', vary: 'Origin' },
        'preflight:untrusted:PUT': preflight('PUT', 'authorization,content-type', { status: 204, vary: 'Origin' }),
      },
      findings: [{ messageId: 'postReflected', severity: 'critical', data: { origin: ATTACKER, credentials: 'true' }, evidence: ['simple:arbitrary-origin:post'] }],
    },
    {
      name: 'an echo on GET is reported as such, the POST echo with it',
      views: {
        'simple:arbitrary-origin': { acao: ATTACKER },
        'simple:arbitrary-origin:post': { method: 'POST', acao: ATTACKER },
      },
      findings: [{ messageId: 'reflected', severity: 'high', evidence: ['simple:arbitrary-origin'] }],
    },
    {
      name: 'a gateway grants the unrelated origin on preflights only, with credentials: the method is in the finding (issue 15)',
      views: {
        'simple:arbitrary-origin': { vary: 'Origin' },
        'preflight:untrusted:GET': gatewayPreflight('GET', 'authorization'),
        'preflight:untrusted:PUT': gatewayPreflight('PUT', 'authorization,content-type'),
      },
      findings: [
        { messageId: 'preflightReflected', severity: 'critical', data: { origin: ATTACKER, credentials: 'true', method: 'PUT' }, evidence: ['preflight:untrusted:PUT', 'preflight:untrusted:GET'] },
      ],
    },
    {
      name: 'echoed only when the request carries a Cookie (Starlette with * and credentials) (issue 15)',
      views: {
        'simple:arbitrary-origin': { acao: '*' },
        'simple:arbitrary-origin:cookie': { acao: ATTACKER, acac: 'true', vary: 'Origin', requestHeaders: { Cookie: 'corscan=1' } },
      },
      findings: [{ messageId: 'reflectedWithCredentials', severity: 'critical', evidence: ['simple:arbitrary-origin:cookie'] }],
    },
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
