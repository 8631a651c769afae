import rule from '../../src/rules/cors-on-error-only.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { actual, FRONTEND, TRUSTED_SITE } from '../helpers/preflight-views.js';
import { ATTACKER, TARGET } from '../helpers/views.js';

const NOT_FOUND = 'https://api.victim.test/v1/me/corscan-404-probe';
const SIBLING = 'https://api.victim.test/v1/corscan-404-probe';
const T = `simple:trusted:${FRONTEND}`;
const notFound = (response: object, origin = FRONTEND) => ({ method: 'GET', url: NOT_FOUND, origin, families: ['error-status'], status: 404, ...response });

runRuleTests(rule, {
  valid: [
    {
      name: 'consistent CORS on 200 and 404',
      site: TRUSTED_SITE,
      views: { [T]: actual({ acao: FRONTEND }, FRONTEND), 'simple:not-found': notFound({ acao: FRONTEND }) },
    },
    {
      name: 'a 401 everywhere with CORS',
      site: TRUSTED_SITE,
      views: { [T]: actual({ acao: FRONTEND, status: 401 }, FRONTEND), 'simple:not-found': notFound({ acao: FRONTEND, status: 401 }) },
    },
    {
      name: 'no CORS anywhere for the attacker',
      views: { 'simple:arbitrary-origin': actual(), 'simple:not-found': notFound({}, ATTACKER) },
    },
    {
      // A catch-all (default vhost, static server) answers paths the API does not own.
      name: 'a sibling path the target does not own is not judged (issue 15)',
      site: TRUSTED_SITE,
      views: { [T]: actual({ acao: FRONTEND }, FRONTEND), 'simple:sibling': notFound({ url: SIBLING }) },
    },
  ],
  invalid: [
    {
      name: 'nginx add_header without always: 404 and 500 lose the headers; each answer says which',
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND }, FRONTEND),
        'simple:not-found': notFound({}),
        'simple:post': { method: 'POST', origin: FRONTEND, families: ['actual-methods'], status: 500 },
      },
      findings: [
        {
          messageId: 'missingOnErrors',
          data: {
            origin: FRONTEND,
            granted: 'the target (GET /v1/me → 200)',
            missing: 'a sub-resource of the target (GET /v1/me/corscan-404-probe → 404), another method on the target (POST /v1/me → 500)',
          },
          evidence: [T, 'simple:not-found', 'simple:post'],
        },
      ],
    },
    {
      name: "the same request without the user's credentials answers 401 without CORS headers (issue 15)",
      site: TRUSTED_SITE,
      views: {
        [T]: actual({ acao: FRONTEND, requestHeaders: { Authorization: 'Bearer t' } }, FRONTEND),
        'simple:without-credentials': { method: 'GET', origin: FRONTEND, families: ['error-status'], status: 401 },
      },
      findings: [
        {
          messageId: 'missingOnErrors',
          data: { granted: 'the target (GET /v1/me → 200)', missing: 'the target without your credentials (GET /v1/me → 401)' },
          evidence: [T, 'simple:without-credentials'],
        },
      ],
    },
    {
      name: 'CORS only on the error page',
      views: { 'simple:arbitrary-origin': actual({ url: TARGET }), 'simple:not-found': notFound({ acao: '*' }, ATTACKER) },
      findings: [{ messageId: 'onlyOnErrors', severity: 'low', data: { origin: ATTACKER } }],
    },
  ],
});
