import rule from '../../src/rules/sensitive-expose-headers.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { actual, FRONTEND, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

runRuleTests(rule, {
  valid: [
    { name: 'harmless names', views: { 'simple:arbitrary-origin': actual({ acao: '*', aceh: 'ETag, Link, X-Request-Id' }) } },
    { name: 'sensitive names to an origin that is not granted', views: { 'simple:arbitrary-origin': actual({ aceh: 'Authorization' }) } },
    {
      name: '* without credentials and no sensitive header in the response',
      views: { 'simple:arbitrary-origin': actual({ acao: '*', aceh: '*', headers: [['X-Request-Id', '1']] }) },
    },
  ],
  invalid: [
    {
      name: 'Authorization and X-Api-Key exposed to any origin: medium',
      views: { 'simple:arbitrary-origin': actual({ acao: ATTACKER, aceh: 'Authorization, X-Api-Key, ETag' }) },
      findings: [{ messageId: 'sensitive', severity: 'medium', data: { names: 'authorization, x-api-key', origin: ATTACKER } }],
    },
    {
      name: 'a token exposed to the trusted front end: low',
      site: TRUSTED_SITE,
      views: { [`simple:trusted:${FRONTEND}`]: actual({ acao: FRONTEND, acac: 'true', aceh: 'X-Auth-Token' }, FRONTEND) },
      findings: [{ messageId: 'sensitive', severity: 'low', data: { names: 'x-auth-token' } }],
    },
    {
      name: '* without credentials makes a present Authorization header readable',
      views: { 'simple:arbitrary-origin': actual({ acao: '*', aceh: '*', headers: [['Authorization', 'Bearer x']] }) },
      findings: [{ messageId: 'sensitive', data: { names: 'authorization' } }],
    },
    {
      name: 'Set-Cookie can never be exposed; * with credentials is literal',
      site: TRUSTED_SITE,
      views: { [`simple:trusted:${FRONTEND}`]: actual({ acao: FRONTEND, acac: 'true', aceh: 'Set-Cookie, *' }, FRONTEND) },
      findings: [{ messageId: 'forbidden', severity: 'info', data: { names: 'set-cookie' } }, { messageId: 'wildcardWithCredentials', severity: 'low' }],
    },
  ],
});
