import rule from '../../src/rules/reflected-request-headers.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { FRONTEND, preflight, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

runRuleTests(rule, {
  valid: [
    { name: 'a fixed header list', views: { 'preflight:untrusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { acao: ATTACKER, acah: 'Content-Type' }) } },
    { name: 'ACAH * is not an echo', views: { 'preflight:untrusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { acao: '*', acah: '*' }) } },
    { name: 'content-type granted to a content-type preflight proves nothing', views: { 'preflight:untrusted:PUT': preflight('PUT', 'content-type', { acao: ATTACKER, acah: 'content-type' }) } },
  ],
  invalid: [
    {
      name: 'the custom header is echoed (in another case) to any origin',
      views: { 'preflight:untrusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { acao: ATTACKER, acam: 'CORSCAN', acah: 'X-Corscan-Probe' }) },
      findings: [{ messageId: 'reflected', severity: 'medium', data: { origin: ATTACKER, header: 'x-corscan-probe', verdict: 'allowed' } }],
    },
    {
      name: 'echoed, but the method is not granted: low, verdict blocked',
      site: TRUSTED_SITE,
      views: { 'preflight:trusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { acao: FRONTEND, acah: 'x-corscan-probe' }, FRONTEND) },
      findings: [{ messageId: 'reflected', severity: 'low', data: { verdict: 'blocked' } }],
    },
  ],
});
