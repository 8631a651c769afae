import rule from '../../src/rules/wildcard-allow-headers-authorization.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { FRONTEND, preflight, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

runRuleTests(rule, {
  valid: [
    { name: 'Authorization named next to *', views: { 'preflight:untrusted:PATCH': preflight('PATCH', 'authorization,content-type', { acao: '*', acam: 'PATCH', acah: 'Authorization, *' }) } },
    { name: '* for a request without Authorization', views: { 'preflight:untrusted:PUT': preflight('PUT', 'content-type', { acao: '*', acam: 'PUT', acah: '*' }) } },
    { name: 'the method fails anyway', views: { 'preflight:untrusted:PATCH': preflight('PATCH', 'authorization', { acao: '*', acam: 'GET', acah: '*' }) } },
    {
      name: 'credentialed * is the other rule\'s case',
      views: { 'preflight:untrusted:PATCH': preflight('PATCH', 'authorization', { acao: ATTACKER, acac: 'true', acam: 'PATCH', acah: '*' }) },
    },
  ],
  invalid: [
    {
      name: 'a bearer-token API relying on *',
      site: TRUSTED_SITE,
      views: { 'preflight:trusted:PATCH': preflight('PATCH', 'authorization,content-type', { acao: FRONTEND, acam: 'GET, PATCH', acah: '*' }, FRONTEND) },
      findings: [
        {
          messageId: 'authorizationNotCovered',
          severity: 'medium',
          data: { origin: FRONTEND, method: 'PATCH', verdict: 'blocked' },
          evidence: ['preflight:trusted:PATCH'],
        },
      ],
    },
  ],
});
