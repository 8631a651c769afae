import rule from '../../src/rules/preflight-failure.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { actual, FRONTEND, preflight, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';
import { harSite, usage, usageId, usagePreflight } from '../helpers/usage-views.js';

const RECORDED = usage([{ method: 'DELETE', headers: ['x-csrf-token'], credentials: 'include' }, { method: 'GET' }]);
const DELETE = usageId('DELETE', ['x-csrf-token']);

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
      name: 'a strict server answers 403 to a method it does not allow, and passes the others',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', 'content-type', { status: 204, acao: FRONTEND, acam: 'PUT', acah: 'content-type' }, FRONTEND),
        'preflight:trusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { status: 403 }, FRONTEND),
      },
    },
    {
      name: 'a method the server does not list is its policy, not a failure',
      views: {
        'simple:arbitrary-origin': actual({ acao: '*' }),
        'preflight:untrusted:DELETE': preflight('DELETE', null, { status: 200, acao: '*', acam: 'GET, POST' }),
      },
    },
    {
      name: 'HAR: the preflight of the call the front end makes passes with its credentials mode',
      site: harSite(RECORDED),
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND),
        [DELETE]: usagePreflight('DELETE', ['x-csrf-token'], { status: 204, acao: FRONTEND, acac: 'true', acam: 'DELETE', acah: 'X-CSRF-Token' }),
      },
    },
  ],
  invalid: [
    {
      name: 'HAR: the server refuses the preflight of a call the front end makes (header not allowed): medium, with the call',
      site: harSite(RECORDED),
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND),
        [DELETE]: usagePreflight('DELETE', ['x-csrf-token'], { status: 204, acao: FRONTEND, acac: 'true', acam: 'DELETE', acah: 'Content-Type' }),
        'preflight:trusted:PUT': preflight('PUT', 'content-type', { status: 204, acao: FRONTEND, acac: 'true', acam: 'PUT', acah: 'Content-Type' }, FRONTEND),
      },
      findings: [
        {
          messageId: 'usageRefused',
          severity: 'medium',
          data: { page: FRONTEND, method: 'DELETE', headers: 'x-csrf-token', credentials: 'include', status: '204', verdict: 'blocked' },
          evidence: [DELETE],
        },
      ],
    },
    {
      name: 'HAR: a preflight without Access-Control-Allow-Credentials fails a credentialed call (and only the usage finding is reported)',
      site: harSite(RECORDED),
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND),
        [DELETE]: usagePreflight('DELETE', ['x-csrf-token'], { status: 403 }),
      },
      findings: [{ messageId: 'usageRefused', severity: 'medium', data: { status: '403', credentials: 'include' }, evidence: [DELETE] }],
    },
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
      name: 'every preflight refused with 403 (a CORS library refusing methods the API lacks): low',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', 'content-type', { status: 403 }, FRONTEND),
        'preflight:trusted:DELETE': preflight('DELETE', 'x-requested-with', { status: 403 }, FRONTEND),
      },
      findings: [{ messageId: 'preflightFails', severity: 'low', data: { status: '403' } }],
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
