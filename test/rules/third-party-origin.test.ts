import rule from '../../src/rules/third-party-origin.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const GH = 'https://corscan-probe.github.io';

runRuleTests(rule, {
  valid: [
    { name: 'refused', views: table(refused, probe('third-party-origin', GH), probe('third-party-origin', 'https://codepen.io')) },
    { name: 'covered by reflection', views: table(reflected, granted('third-party-origin', GH)) },
    { name: 'declared by the user', views: table(refused, granted('third-party-origin', GH)), site: { declaredTrustedOrigins: [GH] } },
  ],
  invalid: [
    {
      name: '*.github.io trusted',
      views: table(refused, granted('third-party-origin', GH)),
      findings: [{ messageId: 'thirdParty', severity: 'high', data: { origin: GH, credentials: 'false', platforms: 'github.io' } }],
    },
    // Learned from a static ACAO, the grant is still the defect: only declared origins exempt.
    {
      name: 'learned is no excuse',
      views: table(refused, granted('third-party-origin', 'https://codepen.io', { acac: 'true' })),
      site: { learnedTrustedOrigins: ['https://codepen.io'] },
      findings: [{ messageId: 'thirdParty', severity: 'critical', data: { platforms: 'codepen.io' } }],
    },
  ],
});
