import rule from '../../src/rules/preflight-inconsistent.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { actual, FRONTEND, preflight, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

const T = `simple:trusted:${FRONTEND}`;
const ok = { status: 204, acam: 'PUT' };

runRuleTests(rule, {
  valid: [
    {
      name: 'same origin and credentials on both',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', null, { ...ok, acao: FRONTEND, acac: 'true' }, FRONTEND),
      },
    },
    {
      name: 'neither grants the attacker',
      views: { 'simple:arbitrary-origin': actual(), 'preflight:untrusted:PUT': preflight('PUT', null, { status: 204 }) },
    },
    {
      name: 'a failing preflight is preflight-failure, not this rule',
      views: { 'simple:arbitrary-origin': actual({ acao: '*' }), 'preflight:untrusted:PUT': preflight('PUT', null, { status: 404 }) },
    },
    {
      name: 'a preflight granting Origin: null that GET does not is null-origin\'s finding, not a breakage of a front end',
      views: {
        'simple:null-origin': actual({}, 'null'),
        'preflight:null:POST': { ...preflight('POST', 'content-type', { ...ok, acam: 'POST', acah: 'Content-Type', acao: 'null', acac: 'true' }, 'null'), families: ['null-origin'] },
      },
    },
  ],
  invalid: [
    {
      name: 'generic OPTIONS handler reflects, the actual response does not grant',
      views: {
        'simple:arbitrary-origin': actual(),
        'preflight:untrusted:PUT': preflight('PUT', null, { ...ok, acao: ATTACKER }),
      },
      findings: [{ messageId: 'preflightOnly', data: { origin: ATTACKER, verdict: 'blocked', reason: 'no Access-Control-Allow-Origin header' } }],
    },
    {
      name: 'credentials on the actual response only',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', null, { ...ok, acao: FRONTEND }, FRONTEND),
      },
      findings: [{ messageId: 'credentialsOnlyOnActual', data: { origin: FRONTEND }, evidence: ['preflight:trusted:PUT', T] }],
    },
    {
      name: 'credentials on the preflight only',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', null, { ...ok, acao: FRONTEND, acac: 'true' }, FRONTEND),
      },
      findings: [{ messageId: 'credentialsOnlyOnPreflight', data: { origin: FRONTEND } }],
    },
  ],
});
