import rule from '../../src/rules/excessive-max-age.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { preflight } from '../helpers/preflight-views.js';

const pf = (maxAge: string) => preflight('PUT', null, { acao: '*', acam: 'PUT', maxAge });

runRuleTests(rule, {
  valid: [
    { name: '600 s', views: { 'preflight:untrusted:PUT': pf('600') } },
    { name: 'exactly the Chromium cap', views: { 'preflight:untrusted:PUT': pf('7200') } },
    { name: '0 disables caching', views: { 'preflight:untrusted:PUT': pf('0') } },
    { name: 'Max-Age on a GET is ignored by browsers', views: { 'simple:arbitrary-origin': { maxAge: '864000', acao: '*' } } },
  ],
  invalid: [
    {
      name: '864000 (ten days)',
      views: { 'preflight:untrusted:PUT': pf('864000'), 'preflight:untrusted:DELETE': preflight('DELETE', null, { maxAge: '864000' }) },
      findings: [
        {
          messageId: 'aboveCap',
          severity: 'low',
          data: { value: '864000', chromium: '7200', firefox: '86400' },
          evidence: ['preflight:untrusted:PUT', 'preflight:untrusted:DELETE'],
        },
      ],
    },
    { name: 'one day', views: { 'preflight:untrusted:PUT': pf('86400') }, findings: [{ messageId: 'aboveCap', data: { chromium: '7200', firefox: '86400' } }] },
    { name: '-1', views: { 'preflight:untrusted:PUT': pf('-1') }, findings: [{ messageId: 'invalid', data: { value: '-1', chromium: '0', firefox: '0' } }] },
    { name: 'fraction', views: { 'preflight:untrusted:PUT': pf('1.5') }, findings: [{ messageId: 'invalid', data: { value: '1.5', chromium: '5', firefox: '0' } }] },
    { name: 'a unit', views: { 'preflight:untrusted:PUT': pf('600s') }, findings: [{ messageId: 'invalid' }] },
  ],
});
