import rule from '../../src/rules/suffix-match.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const SUFFIX = 'https://corscanvictim.test';

runRuleTests(rule, {
  valid: [
    { name: 'suffix look-alike refused', views: table(refused, probe('suffix-mutation', SUFFIX)) },
    // A sibling the site really trusts is no look-alike, even when its name ends with the domain.
    {
      name: 'a declared sibling that ends with the domain',
      views: table(refused, granted('suffix-mutation', 'https://myvictim.test')),
      site: { declaredTrustedOrigins: ['https://myvictim.test'] },
    },
    {
      name: 'a learned sibling',
      views: table(refused, granted('suffix-mutation', 'https://appvictim.test')),
      site: { learnedTrustedOrigins: ['https://appvictim.test'] },
    },
    { name: 'the exact trusted origin is not a look-alike', views: table(refused, granted('suffix-mutation', 'https://api.victim.test')) },
    { name: 'wildcard grants no origin in particular', views: table(refused, probe('suffix-mutation', SUFFIX, { acao: '*' })) },
    { name: 'upper-case echo grants nothing', views: table(refused, probe('suffix-mutation', SUFFIX, { acao: SUFFIX.toUpperCase() })) },
    // Reported once as origin-reflection; outcome not-applicable with the reason.
    { name: 'covered by reflection', views: table(reflected, granted('suffix-mutation', SUFFIX)) },
    {
      name: 'covered by substring-match',
      views: table(refused, granted('suffix-mutation', SUFFIX), granted('substring-mutation', 'https://corscanvictim.test.corscan-attacker.example')),
    },
    { name: 'IP target without trusted domains: not applicable', views: table(refused, granted('suffix-mutation', SUFFIX)), site: { hostKind: 'ipv4', host: '10.0.0.5', registrableDomain: null } },
  ],
  invalid: [
    {
      name: 'endsWith grants a registrable look-alike',
      views: table(refused, granted('suffix-mutation', SUFFIX)),
      findings: [{ messageId: 'suffix', severity: 'high', data: { origin: SUFFIX, credentials: 'false' } }],
    },
    {
      name: 'with credentials: critical',
      views: table(refused, granted('suffix-mutation', SUFFIX, { acac: 'true' })),
      findings: [{ messageId: 'suffix', severity: 'critical', data: { origin: SUFFIX, credentials: 'true' } }],
    },
    {
      name: 'only on 404: one level lower',
      views: table(refused, granted('suffix-mutation', SUFFIX, { status: 404 })),
      findings: [{ messageId: 'suffix', severity: 'medium' }],
    },
    {
      name: 'concatenation of two trusted hosts',
      views: table(refused, probe('suffix-mutation', SUFFIX), granted('suffix-mutation', 'https://apppartner.example')),
      site: { declaredTrustedOrigins: ['https://app.victim.test', 'https://partner.example'] },
      findings: [{ messageId: 'concatenation', data: { origin: 'https://apppartner.example' } }],
    },
    {
      name: 'a substring grant of another name does not cover',
      views: table(refused, granted('suffix-mutation', SUFFIX), granted('substring-mutation', 'https://corscanpartner.example.corscan-attacker.example')),
      findings: [{ messageId: 'suffix' }],
    },
  ],
});
