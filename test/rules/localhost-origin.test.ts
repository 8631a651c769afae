import rule from '../../src/rules/localhost-origin.js';
import { granted, probe, reflected, refused, table } from '../helpers/origin-views.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    { name: 'refused', views: table(refused, probe('localhost-origin', 'http://localhost:3000')) },
    { name: 'covered by reflection', views: table(reflected, granted('localhost-origin', 'http://localhost:3000')) },
    { name: 'declared dev origin', views: table(refused, granted('localhost-origin', 'http://localhost:3000')), site: { declaredTrustedOrigins: ['http://localhost:3000'] } },
    {
      name: 'a loopback target: not applicable',
      views: table(refused, granted('localhost-origin', 'http://localhost:3000')),
      site: { host: '127.0.0.1', hostKind: 'ipv4', registrableDomain: null },
    },
  ],
  invalid: [
    {
      name: 'dev allowlist in production',
      views: table(refused, granted('localhost-origin', 'http://localhost:3000'), granted('localhost-origin', 'http://[::1]'), probe('localhost-origin', 'http://10.0.0.1')),
      findings: [{ messageId: 'local', severity: 'medium', data: { origin: 'http://localhost:3000', credentials: 'false', origins: 'http://localhost:3000 http://[::1]' } }],
    },
    {
      name: 'learned from a static header is still a finding, with credentials high',
      views: table(refused, granted('localhost-origin', 'http://127.0.0.1', { acac: 'true' })),
      site: { learnedTrustedOrigins: ['http://127.0.0.1'] },
      findings: [{ messageId: 'local', severity: 'high' }],
    },
  ],
});
