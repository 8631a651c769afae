import rule from '../../src/rules/substring-match.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const CONTAINS = 'https://corscanvictim.test.corscan-attacker.example';
const TRUNCATED = 'https://app.victim.tes';
const site = { declaredTrustedOrigins: ['https://app.victim.test'] };

runRuleTests(rule, {
  valid: [
    { name: 'refused', views: table(refused, probe('substring-mutation', CONTAINS), probe('substring-mutation', TRUNCATED)), site },
    { name: 'covered by reflection', views: table(reflected, granted('substring-mutation', CONTAINS)), site },
    { name: 'the trusted origin itself', views: table(refused, granted('substring-mutation', 'https://app.victim.test')), site },
  ],
  invalid: [
    {
      name: 'includes() grants the domain inside an attacker domain',
      views: table(refused, granted('substring-mutation', CONTAINS)),
      site,
      findings: [{ messageId: 'contains', severity: 'high', data: { origin: CONTAINS, credentials: 'false' } }],
    },
    {
      name: 'allowlist string search grants a truncated origin',
      views: table(refused, granted('substring-mutation', TRUNCATED, { acac: 'true' })),
      site,
      findings: [{ messageId: 'contained', severity: 'critical', data: { origin: TRUNCATED, credentials: 'true' } }],
    },
    {
      name: 'both bugs: two findings',
      views: table(refused, granted('substring-mutation', CONTAINS), granted('substring-mutation', TRUNCATED)),
      site,
      findings: [{ messageId: 'contains' }, { messageId: 'contained' }],
    },
  ],
});
