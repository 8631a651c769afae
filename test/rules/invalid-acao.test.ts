import rule from '../../src/rules/invalid-acao.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { preflight } from '../helpers/preflight-views.js';

runRuleTests(rule, {
  valid: [
    { name: 'serialized origin', views: { 'simple:own-origin': { acao: 'https://api.victim.test' } } },
    { name: 'origin with non-default port', views: { 'simple:own-origin': { acao: 'https://api.victim.test:8443' } } },
    { name: 'wildcard', views: { 'simple:no-origin': { acao: '*' } } },
    { name: 'null (judged by null-origin)', views: { 'simple:null-origin': { acao: 'null' } } },
    { name: 'list (judged by multiple-acao)', views: { 'simple:no-origin': { acao: 'https://a.test, https://b.test' } } },
    // An exact echo of an odd Origin matches it byte for byte: a grant (special-chars), not a broken header.
    {
      name: 'exact echo of a special-character probe',
      views: { 'simple:special': { origin: 'https://app.victim.test%60.corscan-attacker.example', families: ['special-chars-mutation'], acao: 'https://app.victim.test%60.corscan-attacker.example' } },
    },
    {
      name: 'empty echo of the absent Origin on a request without one (Apache expr=%{req:Origin}, Caddy)',
      views: { 'simple:no-origin': { acao: '' }, 'simple:arbitrary-origin': { acao: 'https://corscan-attacker.example' } },
    },
    {
      name: 'exact echo of an empty Origin corscan sent (issue 15)',
      views: { 'simple:odd': { origin: '', families: ['special-chars-mutation'], acao: '' } },
    },
    {
      name: 'exact echo of a host no page can have, with credentials (issue 15)',
      views: { 'simple:special': { origin: 'https://app.victim.test!.corscan-attacker.example', families: ['special-chars-mutation'], acao: 'https://app.victim.test!.corscan-attacker.example', acac: 'true' } },
    },
  ],
  invalid: [
    {
      name: 'a host no page can have names that defect, not a trailing slash (issue 15)',
      views: { 'simple:own-origin': { acao: 'https://app.victim.test!' } },
      findings: [{ messageId: 'notAnOrigin', data: { defect: 'its host app.victim.test! is not a DNS name or IP address' } }],
    },
    {
      name: 'a ;-joined allowlist holds more than one value (issue 15)',
      views: { 'simple:own-origin': { acao: 'https://app.victim.test;admin.victim.test' } },
      findings: [{ messageId: 'notAnOrigin', data: { defect: 'it holds more than one value' } }],
    },
    { name: 'trailing slash', views: { 'simple:own-origin': { acao: 'https://api.victim.test/' } }, findings: [{ messageId: 'notAnOrigin', data: { value: 'https://api.victim.test/', defect: 'it has a trailing slash' } }] },
    { name: 'upper-case scheme', views: { 'simple:own-origin': { acao: 'HTTPS://api.victim.test' } }, findings: [{ messageId: 'notAnOrigin', data: { defect: 'its scheme or host is not lower-case' } }] },
    { name: 'upper-case host', views: { 'simple:own-origin': { acao: 'https://API.victim.test' } }, findings: [{ messageId: 'notAnOrigin' }] },
    { name: 'default port', views: { 'simple:own-origin': { acao: 'https://api.victim.test:443' } }, findings: [{ messageId: 'notAnOrigin', data: { defect: 'it names the default port' } }] },
    { name: 'path', views: { 'simple:own-origin': { acao: 'https://api.victim.test/app' } }, findings: [{ messageId: 'notAnOrigin', data: { defect: 'it has a path, query or fragment' } }] },
    { name: 'bare host', views: { 'simple:own-origin': { acao: 'api.victim.test' } }, findings: [{ messageId: 'notAnOrigin', data: { defect: 'it is not a URL origin' } }] },
    { name: 'wildcard subdomain pattern', views: { 'simple:own-origin': { acao: 'https://*.victim.test' } }, findings: [{ messageId: 'notAnOrigin', data: { defect: 'it is a wildcard pattern, which browsers never match' } }] },
    {
      name: 'on a preflight answer',
      views: { 'preflight:untrusted:PUT': preflight('PUT', null, { status: 204, acao: 'https://app.victim.test/' }) },
      findings: [{ messageId: 'notAnOrigin', evidence: ['preflight:untrusted:PUT'] }],
    },
    { name: 'empty value', views: { 'simple:own-origin': { acao: '' } }, findings: [{ messageId: 'notAnOrigin', data: { defect: 'it is empty' } }] },
  ],
});
