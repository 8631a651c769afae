import rule from '../../src/rules/preflight-failure.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { actual, FRONTEND, preflight, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

const T = `simple:trusted:${FRONTEND}`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a correct preflight for a granted origin',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, vary: 'Origin' }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', 'content-type', { status: 204, acao: FRONTEND, acam: 'GET, PUT', acah: 'Content-Type' }, FRONTEND),
      },
    },
    {
      name: 'GET grants nothing: OPTIONS 401 is not a CORS breakage',
      views: { 'simple:arbitrary-origin': actual(), 'preflight:untrusted:PUT': preflight('PUT', null, { status: 401 }) },
    },
    {
      name: 'a method the server does not list is its policy, not a failure',
      views: {
        'simple:arbitrary-origin': actual({ acao: '*' }),
        'preflight:untrusted:DELETE': preflight('DELETE', null, { status: 200, acao: '*', acam: 'GET, POST' }),
      },
    },
  ],
  invalid: [
    {
      name: 'auth middleware answers the preflight 401 while GET grants the front end',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true', vary: 'Origin' }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', 'content-type', { status: 401 }, FRONTEND),
        'preflight:trusted:DELETE': preflight('DELETE', null, { status: 401 }, FRONTEND),
      },
      findings: [
        {
          messageId: 'preflightFails',
          severity: 'medium',
          data: { origin: FRONTEND, status: '401', verdict: 'blocked', reason: 'preflight status 401 is not an ok status (200-299); no Access-Control-Allow-Origin header' },
          evidence: [T, 'preflight:trusted:PUT', 'preflight:trusted:DELETE'],
        },
      ],
    },
    {
      name: 'OPTIONS 200 without CORS headers while GET reflects: medium',
      views: {
        'simple:arbitrary-origin': actual({ acao: ATTACKER }),
        'preflight:untrusted:PUT': preflight('PUT', null, { status: 200 }),
      },
      findings: [{ messageId: 'preflightFails', severity: 'medium', data: { origin: ATTACKER, status: '200' } }],
    },
    {
      name: 'public data with * and a 405 preflight: low',
      views: {
        'simple:arbitrary-origin': actual({ acao: '*' }),
        'preflight:untrusted:PATCH': preflight('PATCH', 'authorization,content-type', { status: 405 }),
      },
      findings: [{ messageId: 'preflightFails', severity: 'low', data: { status: '405' } }],
    },
  ],
});
