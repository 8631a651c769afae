import rule from '../../src/rules/prefix-match.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const PREFIX = 'https://app.victim.test.corscan-attacker.example';
const site = { declaredTrustedOrigins: ['https://app.victim.test'] };

runRuleTests(rule, {
  valid: [
    { name: 'prefix look-alike refused', views: table(refused, probe('prefix-mutation', PREFIX)), site },
    { name: 'the trusted origin itself', views: table(refused, granted('trusted-origin', 'https://app.victim.test')), site },
    {
      name: 'a learned sibling is not a finding',
      views: table(refused, granted('prefix-mutation', 'https://app.victim.test.eu.victim.test')),
      site: { learnedTrustedOrigins: ['https://app.victim.test.eu.victim.test'] },
    },
    { name: 'covered by reflection', views: table(reflected, granted('prefix-mutation', PREFIX)), site },
    {
      name: 'covered by substring-match',
      views: table(refused, granted('prefix-mutation', PREFIX), granted('substring-mutation', 'https://corscanapp.victim.test.corscan-attacker.example')),
      site,
    },
  ],
  invalid: [
    {
      name: 'startsWith grants the trusted host under an attacker domain',
      views: table(refused, granted('prefix-mutation', PREFIX)),
      site,
      findings: [{ messageId: 'prefix', severity: 'high', data: { origin: PREFIX, credentials: 'false' } }],
    },
    {
      name: 'glued form with credentials',
      views: table(refused, granted('prefix-mutation', 'https://app.victim.testcorscan-attacker.example', { acac: 'true' })),
      site,
      findings: [{ messageId: 'prefix', severity: 'critical', data: { credentials: 'true' } }],
    },
    {
      name: 'credentialed grant is the one shown',
      views: table(refused, granted('prefix-mutation', PREFIX), granted('prefix-mutation', 'https://app.victim.testcorscan-attacker.example', { acac: 'true' })),
      site,
      findings: [{ messageId: 'prefix', data: { origin: 'https://app.victim.testcorscan-attacker.example' }, evidence: ['simple:prefix-mutation:https://app.victim.testcorscan-attacker.example', `simple:prefix-mutation:${PREFIX}`] }],
    },
  ],
});
