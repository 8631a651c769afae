import rule from '../../src/rules/any-subdomain.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const SUB = 'https://corscansubdomain.victim.test';

runRuleTests(rule, {
  valid: [
    { name: 'refused', views: table(refused, probe('any-subdomain-origin', SUB)) },
    { name: 'covered by reflection', views: table(reflected, granted('any-subdomain-origin', SUB)) },
    { name: 'covered by suffix-match', views: table(refused, granted('any-subdomain-origin', SUB), granted('suffix-mutation', 'https://corscanvictim.test')) },
    { name: 'learned front ends are siblings, not findings', views: table(refused, granted('trusted-candidate', 'https://app.victim.test')), site: { learnedTrustedOrigins: ['https://app.victim.test'] } },
  ],
  invalid: [
    {
      name: '*.victim.test pattern',
      views: table(refused, granted('any-subdomain-origin', SUB), probe('suffix-mutation', 'https://corscanvictim.test')),
      findings: [{ messageId: 'anySubdomain', severity: 'medium', data: { origin: SUB, credentials: 'false' } }],
    },
    {
      name: 'with credentials: high',
      views: table(refused, granted('any-subdomain-origin', SUB, { acac: 'true' })),
      findings: [{ messageId: 'anySubdomain', severity: 'high', data: { credentials: 'true' } }],
    },
  ],
});
