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
      views: { 'simple:arbitrary-origin': actual(), 'preflight:untrusted:GET': preflight('GET', 'authorization', { status: 401 }) },
    },
    {
      name: 'a strict server answers 403 to the made-up method and header, and passes the front-end preflight',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 204, acao: FRONTEND, acam: 'GET', acah: 'authorization' }, FRONTEND),
        'preflight:trusted:x-corscan-probe': preflight('GET', 'x-corscan-probe', { status: 403 }, FRONTEND),
        'preflight:trusted:CORSCAN': preflight('CORSCAN', null, { status: 403 }, FRONTEND),
      },
    },
    {
      name: 'a GET-only route answering 404 to a PUT preflight breaks no front end (issue 15)',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 204, acao: FRONTEND, acac: 'true', acah: 'authorization' }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', 'authorization,content-type', { status: 404 }, FRONTEND),
        'preflight:trusted:DELETE': preflight('DELETE', 'authorization', { status: 404 }, FRONTEND),
      },
    },
    {
      name: 'public * data: no front end sends Authorization on its GET, and no other method is served (issue 15)',
      views: {
        'simple:arbitrary-origin': actual({ acao: '*' }),
        'preflight:untrusted:GET': preflight('GET', 'authorization', { status: 405 }),
        'preflight:untrusted:PUT': preflight('PUT', 'authorization,content-type', { status: 405 }),
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
    {
      // A cookie-session API (cors allowedHeaders: ['Content-Type']): its front end sends no Authorization.
      name: 'Authorization left out of the allowed headers, and nothing shows the endpoint takes it: the server\'s policy',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true' }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 204, acao: FRONTEND, acac: 'true', acah: 'Content-Type' }, FRONTEND),
      },
    },
    {
      // Browsers add Basic credentials themselves; page script does not set the header.
      name: 'a 401 challenging for Basic does not show that page script sends Authorization',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, status: 401, headers: [['WWW-Authenticate', 'Basic realm="api"']] }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 204, acao: FRONTEND, acah: 'Content-Type' }, FRONTEND),
      },
    },
    {
      name: 'a bearer API whose preflight allows only * for headers is wildcard-allow-headers-authorization\'s finding',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, status: 401, headers: [['WWW-Authenticate', 'Bearer']] }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 204, acao: FRONTEND, acah: '*' }, FRONTEND),
      },
    },
  ],
  invalid: [
    {
      name: 'a bearer API (401 with WWW-Authenticate: Bearer) whose preflight does not allow Authorization (issue 15)',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, acac: 'true', status: 401, headers: [['WWW-Authenticate', 'Bearer realm="api", error="invalid_token"']] }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 204, acao: FRONTEND, acac: 'true', acah: 'Content-Type' }, FRONTEND),
        'preflight:trusted:POST': preflight('POST', 'content-type', { status: 204, acao: FRONTEND, acac: 'true', acam: 'GET, POST', acah: 'Content-Type' }, FRONTEND),
      },
      findings: [
        {
          messageId: 'authorizationRefused',
          severity: 'medium',
          data: { origin: FRONTEND, requests: 'GET with authorization', status: '204', verdict: 'blocked', because: 'it answers 401 with WWW-Authenticate: Bearer' },
          evidence: [T, 'preflight:trusted:GET'],
        },
      ],
    },
    {
      name: 'scanned with an Authorization header: the front end sends one too',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, requestHeaders: { Authorization: 'Bearer t' } }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 204, acao: FRONTEND, acah: 'Content-Type' }, FRONTEND),
      },
      findings: [{ messageId: 'authorizationRefused', data: { because: 'you scanned it with an Authorization header' } }],
    },
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
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 401 }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', 'authorization,content-type', { status: 401 }, FRONTEND),
      },
      findings: [
        {
          messageId: 'preflightFails',
          severity: 'medium',
          data: {
            origin: FRONTEND,
            requests: 'GET with authorization',
            status: '401',
            verdict: 'blocked',
            reason: 'preflight status 401 is not an ok status (200-299); no Access-Control-Allow-Origin header',
          },
          evidence: [T, 'preflight:trusted:GET'],
        },
      ],
    },
    {
      name: 'a method the endpoint serves (Allow) fails its preflight while GET passes (issue 15)',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, headers: [['Allow', 'GET, HEAD, PUT']] }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 204, acao: FRONTEND, acah: 'authorization' }, FRONTEND),
        'preflight:trusted:PUT': preflight('PUT', 'authorization,content-type', { status: 404 }, FRONTEND),
        'preflight:trusted:DELETE': preflight('DELETE', 'authorization', { status: 404 }, FRONTEND),
      },
      findings: [{ messageId: 'preflightFails', data: { requests: 'PUT with authorization, content-type', status: '404' }, evidence: [T, 'preflight:trusted:PUT'] }],
    },
    {
      name: 'a 405 answer names the served methods in Allow',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 405, headers: [['Allow', 'GET, POST, HEAD']] }, FRONTEND),
        'preflight:trusted:POST': preflight('POST', 'content-type', { status: 405, headers: [['Allow', 'GET, POST, HEAD']] }, FRONTEND),
        'preflight:trusted:DELETE': preflight('DELETE', 'authorization', { status: 405, headers: [['Allow', 'GET, POST, HEAD']] }, FRONTEND),
      },
      findings: [{ messageId: 'preflightFails', data: { requests: 'GET with authorization; POST with content-type' } }],
    },
    {
      name: 'OPTIONS 200 without CORS headers while GET reflects: medium',
      views: {
        'simple:arbitrary-origin': actual({ acao: ATTACKER }),
        'preflight:untrusted:GET': preflight('GET', 'authorization', { status: 200 }),
      },
      findings: [{ messageId: 'preflightFails', severity: 'medium', data: { origin: ATTACKER, status: '200' } }],
    },
    {
      name: 'every needed preflight refused with 403: low',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND }, FRONTEND),
        'preflight:trusted:GET': preflight('GET', 'authorization', { status: 403 }, FRONTEND),
      },
      findings: [{ messageId: 'preflightFails', severity: 'low', data: { status: '403' } }],
    },
    {
      name: 'public data with * and a 405 preflight for a served method: low',
      views: {
        'simple:arbitrary-origin': actual({ acao: '*', headers: [['Allow', 'GET, PATCH']] }),
        'preflight:untrusted:PATCH': preflight('PATCH', 'authorization,content-type', { status: 405 }),
      },
      findings: [{ messageId: 'preflightFails', severity: 'low', data: { status: '405' } }],
    },
  ],
});
