import rule from '../../src/rules/null-origin.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { preflight } from '../helpers/preflight-views.js';

/** The null-origin family's preflight of a JSON POST from Origin: null, answered with `response`. */
const nullPreflight = (response: Parameters<typeof preflight>[2]) => ({ ...preflight('POST', 'content-type', response, 'null'), families: ['null-origin'] });

runRuleTests(rule, {
  valid: [
    { name: 'null refused', views: { 'simple:null-origin': {} } },
    { name: 'wildcard for null is public access, not trust', views: { 'simple:null-origin': { acao: '*' } } },
    { name: 'upper-case Null does not match', views: { 'simple:null-origin': { acao: 'Null' } } },
    {
      name: 'a preflight granting null without credentials gives a sandboxed page nothing its own server lacks',
      views: { 'simple:null-origin': {}, 'preflight:null:POST': nullPreflight({ status: 204, acao: 'null', acam: 'POST', acah: 'Content-Type' }) },
    },
    {
      name: 'a preflight from null refused',
      views: { 'simple:null-origin': {}, 'preflight:null:POST': nullPreflight({ status: 204, acam: 'POST', acah: 'Content-Type' }) },
    },
  ],
  invalid: [
    { name: 'null granted', views: { 'simple:null-origin': { acao: 'null' } }, findings: [{ messageId: 'nullAllowed', severity: 'high' }] },
    {
      name: 'null granted with credentials',
      views: { 'simple:null-origin': { acao: 'null', acac: 'true', vary: 'Origin' } },
      findings: [{ messageId: 'nullAllowedWithCredentials', severity: 'critical' }],
    },
    {
      name: 'only the preflight grants null, with credentials: a sandboxed page sends the POST with cookies (issue 15)',
      views: {
        'simple:null-origin': { vary: 'Origin' },
        'preflight:null:POST': nullPreflight({ status: 204, acao: 'null', acac: 'true', acam: 'GET, POST', acah: 'Content-Type', vary: 'Origin' }),
      },
      findings: [{ messageId: 'nullPreflightAllowed', severity: 'critical', data: { origin: 'null', credentials: 'true', method: 'POST' }, evidence: ['preflight:null:POST'] }],
    },
    {
      name: 'GET granting null is the finding, the preflight aside',
      views: {
        'simple:null-origin': { acao: 'null' },
        'preflight:null:POST': nullPreflight({ status: 204, acao: 'null', acac: 'true', acam: 'POST', acah: 'Content-Type' }),
      },
      findings: [{ messageId: 'nullAllowed', severity: 'high', evidence: ['simple:null-origin'] }],
    },
  ],
});
