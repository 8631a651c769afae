import rule from '../../src/rules/insecure-scheme.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const HTTP_APP = 'http://app.victim.test';
const HTTP_SELF = 'http://api.victim.test';
const site = { declaredTrustedOrigins: ['https://app.victim.test'] };

runRuleTests(rule, {
  valid: [
    { name: 'refused', views: table(refused, probe('insecure-scheme-origin', HTTP_APP)), site },
    { name: 'covered by reflection', views: table(reflected, granted('insecure-scheme-origin', HTTP_APP)), site },
    { name: 'a declared http front end is a decision, not a finding', views: table(refused, granted('insecure-scheme-origin', HTTP_APP)), site: { declaredTrustedOrigins: [HTTP_APP] } },
    // On an http target the API itself is readable by a network attacker: not applicable.
    {
      name: 'http target: not applicable',
      views: table(refused, granted('insecure-scheme-origin', HTTP_APP)),
      site: { ...site, scheme: 'http', origin: 'http://api.victim.test', url: 'http://api.victim.test/v1/me' },
    },
  ],
  invalid: [
    {
      name: 'https API grants the http form of its front end',
      views: table(refused, granted('insecure-scheme-origin', HTTP_APP)),
      site,
      findings: [{ messageId: 'insecure', severity: 'medium', data: { origin: HTTP_APP, credentials: 'false' } }],
    },
    {
      name: 'with credentials: high',
      views: table(refused, granted('insecure-scheme-origin', HTTP_APP, { acac: 'true' })),
      site,
      findings: [{ messageId: 'insecure', severity: 'high' }],
    },
    {
      name: 'HSTS on the target lowers its own http origin',
      views: table(refused, granted('insecure-scheme-origin', HTTP_SELF, { acac: 'true', headers: [['Strict-Transport-Security', 'max-age=31536000']] })),
      findings: [{ messageId: 'insecureHsts', severity: 'medium' }],
    },
    {
      name: 'HSTS on api.victim.test does not protect app.victim.test',
      views: table(refused, granted('insecure-scheme-origin', HTTP_APP, { headers: [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']] })),
      site,
      findings: [{ messageId: 'insecure', severity: 'medium' }],
    },
  ],
});
