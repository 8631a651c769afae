import rule from '../../src/rules/reflected-request-headers.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { FRONTEND, preflight, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

runRuleTests(rule, {
  valid: [
    { name: 'a fixed header list', views: { 'preflight:untrusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { acao: ATTACKER, acah: 'Content-Type' }) } },
    { name: 'ACAH * is not an echo', views: { 'preflight:untrusted:CORSCAN': preflight('CORSCAN', 'x-corscan-probe', { acao: '*', acah: '*' }) } },
    {
      name: 'a server refusing the made-up header on an allowed method (issue 15)',
      site: TRUSTED_SITE,
      views: { 'preflight:trusted:x-corscan-probe': preflight('GET', 'x-corscan-probe', { status: 403 }, FRONTEND) },
    },
    { name: 'content-type granted to a content-type preflight proves nothing', views: { 'preflight:untrusted:PUT': preflight('PUT', 'content-type', { acao: ATTACKER, acah: 'content-type' }) } },
  ],
  invalid: [
    {
      // Most CORS libraries refuse the made-up method first; on GET the header echo shows (issue 15).
      name: 'the made-up header echoed on GET while the made-up method is refused',
      site: TRUSTED_SITE,
      views: {
        'preflight:trusted:x-corscan-probe': preflight('GET', 'x-corscan-probe', { status: 204, acao: FRONTEND, acam: 'GET, POST', acah: 'x-corscan-probe' }, FRONTEND),
        'preflight:trusted:CORSCAN': preflight('CORSCAN', null, { status: 400 }, FRONTEND),
      },
      findings: [{ messageId: 'reflected', severity: 'low', data: { origin: FRONTEND, verdict: 'allowed' }, evidence: ['preflight:trusted:x-corscan-probe'] }],
    },
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
