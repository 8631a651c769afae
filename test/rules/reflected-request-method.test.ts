import rule from '../../src/rules/reflected-request-method.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { FRONTEND, preflight, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

runRuleTests(rule, {
  valid: [
    { name: 'a fixed method list', views: { 'preflight:untrusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { acao: ATTACKER, acam: 'GET, PUT' }) } },
    { name: 'ACAM * is not an echo', views: { 'preflight:untrusted:CORSCAN': preflight('CORSCAN', null, { acao: '*', acam: '*' }) } },
    { name: 'PUT granted to a PUT preflight proves nothing', views: { 'preflight:untrusted:PUT': preflight('PUT', null, { acao: ATTACKER, acam: 'PUT' }) } },
  ],
  invalid: [
    {
      // Probed on its own (issue 15): a header allowlist does not hide a method echo.
      name: 'the made-up method alone is echoed by a server with a strict header list',
      site: TRUSTED_SITE,
      views: { 'preflight:trusted:CORSCAN': preflight('CORSCAN', null, { status: 204, acao: FRONTEND, acam: 'CORSCAN', acah: 'content-type' }, FRONTEND) },
      findings: [{ messageId: 'reflected', data: { origin: FRONTEND, method: 'CORSCAN', verdict: 'allowed' } }],
    },
    {
      name: 'a gateway echoes the method to any origin: medium',
      views: { 'preflight:untrusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { acao: ATTACKER, acam: 'CORSCAN', acah: 'x-corscan-probe' }) },
      findings: [{ messageId: 'reflected', severity: 'medium', data: { origin: ATTACKER, method: 'CORSCAN', verdict: 'allowed' } }],
    },
    {
      name: 'echoed only to the trusted front end: low',
      site: TRUSTED_SITE,
      views: {
        'preflight:trusted:CORSCAN': preflight('CORSCAN', null, { acao: FRONTEND, acam: 'CORSCAN' }, FRONTEND),
        'preflight:untrusted:CORSCAN': preflight('CORSCAN', null, { acam: 'CORSCAN' }),
      },
      findings: [{ messageId: 'reflected', severity: 'low', data: { origin: FRONTEND } }],
    },
  ],
});
