import rule from '../../src/rules/special-chars.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const BANG = 'https://app.victim.test!.corscan-attacker.example';
const BACKTICK = 'https://app.victim.test%60.corscan-attacker.example';
const site = { declaredTrustedOrigins: ['https://app.victim.test'] };

runRuleTests(rule, {
  valid: [
    { name: 'refused', views: table(refused, probe('special-chars-mutation', BANG)), site },
    { name: 'covered by reflection', views: table(reflected, granted('special-chars-mutation', BANG)), site },
    // startsWith("https://app.victim.test") grants these too: reported once, as prefix-match.
    {
      name: 'covered by prefix-match',
      views: table(refused, granted('special-chars-mutation', BANG), granted('prefix-mutation', 'https://app.victim.test.corscan-attacker.example')),
      site,
    },
  ],
  invalid: [
    {
      name: 'a word-boundary regex grants "!" and "%60"',
      views: table(refused, granted('special-chars-mutation', BANG), granted('special-chars-mutation', BACKTICK), probe('prefix-mutation', 'https://app.victim.test.corscan-attacker.example')),
      site,
      findings: [{ messageId: 'specialChars', severity: 'medium', data: { origin: BANG, credentials: 'false', chars: '"!" "%60"' } }],
    },
    {
      name: 'with credentials: high',
      views: table(refused, granted('special-chars-mutation', BANG, { acac: 'true' })),
      site,
      findings: [{ messageId: 'specialChars', severity: 'high', data: { credentials: 'true' } }],
    },
  ],
});
