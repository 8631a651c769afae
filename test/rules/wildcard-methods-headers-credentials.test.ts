import rule from '../../src/rules/wildcard-methods-headers-credentials.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { preflight } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

runRuleTests(rule, {
  valid: [
    { name: 'ACAM * without credentials is a real wildcard', views: { 'preflight:untrusted:PUT': preflight('PUT', null, { acao: '*', acam: '*' }) } },
    {
      name: 'named methods and headers with credentials',
      views: { 'preflight:untrusted:PUT': preflight('PUT', 'content-type', { acao: ATTACKER, acac: 'true', acam: 'PUT', acah: 'content-type' }) },
    },
  ],
  invalid: [
    {
      name: 'ACAM * with credentials blocks DELETE',
      views: { 'preflight:untrusted:DELETE': preflight('DELETE', null, { acao: ATTACKER, acac: 'true', acam: '*' }) },
      findings: [
        {
          messageId: 'wildcardLiteral',
          severity: 'medium',
          data: { headers: 'Access-Control-Allow-Methods', origin: ATTACKER, verdict: 'blocked' },
        },
      ],
    },
    {
      name: 'ACAH * with credentials blocks a custom header',
      views: { 'preflight:untrusted:PUT': preflight('PUT', 'x-requested-with', { acao: ATTACKER, acac: 'true', acam: 'PUT', acah: '*' }) },
      findings: [{ messageId: 'wildcardLiteral', data: { headers: 'Access-Control-Allow-Headers' } }],
    },
    {
      name: '* next to the names it needs: useless, low',
      views: { 'preflight:untrusted:PUT': preflight('PUT', 'content-type', { acao: ATTACKER, acac: 'true', acam: '*, PUT', acah: '*, content-type' }) },
      findings: [{ messageId: 'wildcardUseless', severity: 'low', data: { headers: 'Access-Control-Allow-Methods / Access-Control-Allow-Headers' } }],
    },
  ],
});
