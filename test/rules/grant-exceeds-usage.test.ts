import rule from '../../src/rules/grant-exceeds-usage.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { actual, FRONTEND, preflight } from '../helpers/preflight-views.js';
import { harSite, usage, usageId, usagePreflight } from '../helpers/usage-views.js';

const T = `simple:trusted:${FRONTEND}`;
const RECORDED = usage([{ method: 'PUT', headers: ['content-type', 'x-csrf-token'], credentials: 'include' }, { method: 'GET', credentials: 'include' }]);
const PUT = usageId('PUT', ['content-type', 'x-csrf-token']);
const EXACT = { status: 204, acao: FRONTEND, acac: 'true', acam: 'PUT', acah: 'Content-Type, X-CSRF-Token' };

runRuleTests(rule, {
  valid: [
    {
      name: 'the grant is exactly what the front end uses',
      site: harSite(RECORDED),
      views: { [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND), [PUT]: usagePreflight('PUT', ['content-type', 'x-csrf-token'], EXACT) },
    },
    {
      name: 'safelisted methods (GET, HEAD, POST) and OPTIONS in the list widen nothing',
      site: harSite(RECORDED),
      views: { [PUT]: usagePreflight('PUT', ['content-type', 'x-csrf-token'], { ...EXACT, acam: 'GET, HEAD, POST, OPTIONS, PUT' }) },
    },
    {
      name: 'a sanitized HAR (no Cookie or Authorization at all): credentials and Authorization granted are not judged',
      site: harSite({ ...usage([{ method: 'GET', headers: ['x-client'] }]), credentialsRecorded: false }),
      views: {
        [T]: { ...actual({ acao: FRONTEND, acac: 'true' }, FRONTEND), families: ['front-end-usage', 'trusted-origin'] },
        [usageId('GET', ['x-client'])]: usagePreflight('GET', ['x-client'], { status: 204, acao: FRONTEND, acac: 'true', acah: 'Authorization, X-Client' }),
      },
    },
    {
      name: 'no HAR: the rule does not apply',
      views: { 'preflight:trusted:DELETE': preflight('DELETE', null, { status: 204, acao: FRONTEND, acam: '*' }, FRONTEND) },
    },
  ],
  invalid: [
    {
      name: 'methods and headers the front end never sends, with the tightened policy',
      site: harSite(RECORDED),
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND),
        [PUT]: usagePreflight('PUT', ['content-type', 'x-csrf-token'], { ...EXACT, acam: 'GET, PUT, DELETE, PATCH', acah: 'Content-Type, X-CSRF-Token, X-Debug' }),
      },
      findings: [
        {
          messageId: 'wider',
          severity: 'info',
          data: {
            extras: 'methods DELETE, PATCH never sent; request headers x-debug never sent',
            policy: `corscan policy --origin ${FRONTEND} --methods GET,HEAD,POST,PUT --headers content-type,x-csrf-token --credentials`,
            credentials: 'true',
          },
          evidence: [PUT],
        },
      ],
    },
    {
      name: '`*` headers with credentials, and an origin beyond the page origins',
      site: harSite(RECORDED),
      views: {
        [PUT]: usagePreflight('PUT', ['content-type', 'x-csrf-token'], { ...EXACT, acah: '*, Content-Type, X-CSRF-Token' }),
        'simple:trusted:https://admin.victim.test': actual({ acao: 'https://admin.victim.test' }, 'https://admin.victim.test'),
      },
      findings: [{ messageId: 'wider', data: { extras: 'request headers * never sent; origins https://admin.victim.test granted beyond the page origins' } }],
    },
    {
      name: 'credentials allowed to a front end that never sends them',
      site: harSite(usage([{ method: 'GET' }])),
      views: { [T]: { ...actual({ acao: FRONTEND, acac: 'true' }, FRONTEND), families: ['front-end-usage', 'trusted-origin'] } },
      findings: [{ messageId: 'wider', data: { extras: 'credentials allowed, never used', policy: `corscan policy --origin ${FRONTEND} --methods GET,HEAD,POST --headers ''`, credentials: 'false', caveat: '' }, evidence: [T] }],
    },
    {
      name: 'a sanitized HAR: the finding says that credentials and Authorization are unknown',
      site: harSite({ ...usage([{ method: 'GET', headers: ['x-client'] }]), credentialsRecorded: false }),
      views: { [usageId('GET', ['x-client'])]: usagePreflight('GET', ['x-client'], { status: 204, acao: FRONTEND, acam: 'GET, DELETE', acah: 'X-Client' }) },
      findings: [{ messageId: 'wider', data: { extras: 'methods DELETE never sent', caveat: 'the HAR holds no Cookie or Authorization: add --credentials and Authorization if the front end sends them' } }],
    },
  ],
});
