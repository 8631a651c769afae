import rule from '../../src/rules/redirect-without-cors.js';
import type { RedirectHop } from '../../src/model/exchange.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { actual, FRONTEND, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER } from '../helpers/views.js';

const hop = (origin: string, headers: [string, string][] = []): RedirectHop => ({
  url: 'https://api.victim.test/v1/me',
  method: 'GET',
  origin,
  status: 301,
  headers: [['Location', '/v1/me/'], ...headers],
});
const T = `simple:trusted:${FRONTEND}`;

runRuleTests(rule, {
  valid: [
    {
      name: 'the redirect carries the CORS headers too',
      site: TRUSTED_SITE,
      views: { [T]: actual({ acao: FRONTEND, hops: [hop(FRONTEND, [['Access-Control-Allow-Origin', FRONTEND]])] }, FRONTEND) },
    },
    { name: 'the final URL grants nothing either', views: { 'simple:arbitrary-origin': actual({ hops: [hop(ATTACKER)] }) } },
    { name: 'no Origin sent', views: { 'simple:no-origin': { acao: '*', hops: [hop(ATTACKER)], origin: null } } },
  ],
  invalid: [
    {
      name: 'a trailing-slash 301 without CORS',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, hops: [hop(FRONTEND)] }, FRONTEND),
        'simple:arbitrary-origin': actual({ acao: '*', hops: [hop(ATTACKER)] }),
      },
      findings: [
        {
          messageId: 'hopWithoutCors',
          severity: 'medium',
          data: {
            origin: FRONTEND,
            method: 'GET',
            url: 'https://api.victim.test/v1/me',
            status: '301',
            location: '/v1/me/',
            verdict: 'blocked',
            reason: 'no Access-Control-Allow-Origin header',
          },
          evidence: [T, 'simple:arbitrary-origin'],
        },
      ],
    },
    {
      name: 'after a cross-origin hop the final answer grants null',
      views: { 'simple:arbitrary-origin': actual({ acao: 'null', hops: [hop(ATTACKER, [['Access-Control-Allow-Origin', 'https://other.test']])] }) },
      findings: [{ messageId: 'hopWithoutCors', data: { origin: ATTACKER } }],
    },
  ],
});
