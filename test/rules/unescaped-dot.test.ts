import rule from '../../src/rules/unescaped-dot.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const DOT = 'https://appxvictim.test';
const UNANCHORED = 'https://appxvictimxtest.corscan-attacker.example';
const site = { declaredTrustedOrigins: ['https://app.victim.test'] };

runRuleTests(rule, {
  valid: [
    { name: 'refused', views: table(refused, probe('unescaped-dot-mutation', DOT)), site },
    { name: 'covered by reflection', views: table(reflected, granted('unescaped-dot-mutation', DOT)), site },
    // endsWith("victim.test") also grants appxvictim.test: reported once, as suffix-match.
    { name: 'covered by suffix-match', views: table(refused, granted('unescaped-dot-mutation', DOT), granted('suffix-mutation', 'https://corscanvictim.test')), site },
    {
      name: 'a declared sibling with that exact name',
      views: table(refused, granted('unescaped-dot-mutation', DOT)),
      site: { declaredTrustedOrigins: ['https://app.victim.test', DOT] },
    },
  ],
  invalid: [
    {
      name: 'unescaped regex grants appxvictim.test',
      views: table(refused, granted('unescaped-dot-mutation', DOT), probe('suffix-mutation', 'https://corscanvictim.test')),
      site,
      findings: [{ messageId: 'anchored', severity: 'high', data: { origin: DOT, credentials: 'false' } }],
    },
    {
      name: 'unescaped and unanchored',
      views: table(refused, probe('unescaped-dot-mutation', DOT), granted('unescaped-dot-mutation', UNANCHORED, { acac: 'true' })),
      site,
      findings: [{ messageId: 'unanchored', severity: 'critical', data: { origin: UNANCHORED, credentials: 'true' } }],
    },
    {
      name: 'the unanchored form is never explained by suffix-match',
      views: table(refused, granted('unescaped-dot-mutation', UNANCHORED), granted('suffix-mutation', 'https://corscanvictim.test')),
      site,
      findings: [{ messageId: 'unanchored' }],
    },
  ],
});
