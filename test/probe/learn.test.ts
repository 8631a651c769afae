import { describe, expect, it } from 'vitest';
import type { ProbeId } from '../../src/model/probe.js';
import { exactlyTrusted, learnTrustedOrigins } from '../../src/probe/learn.js';
import { describeSite, isTrustedBySite, trustedOrigins } from '../../src/probe/site.js';
import { trustedCandidates } from '../../src/probe/trusted-candidates.js';
import { exchange, type ViewInput } from '../helpers/views.js';
import { toCorsView } from '../../src/observe/cors-view.js';

const site = () => describeSite('https://api.victim.test/v1/me', ['https://declared.victim.test']);
const views = (entries: Record<string, ViewInput>) =>
  Object.entries(entries).map(([id, input]) => {
    const e = exchange(id as ProbeId, input);
    return toCorsView({ ...e, response: e.response! });
  });
const candidate = (origin: string, input: ViewInput = {}): [string, ViewInput] => [`simple:candidate:${origin}`, { origin, families: ['trusted-candidate'], ...input }];
const ATTACKER = 'https://corscan-attacker.example';

describe('trusted candidates', () => {
  it('are the bare registrable domain and common front-end subdomains, over https', () => {
    expect(trustedCandidates(site())).toEqual([
      'https://victim.test',
      'https://www.victim.test',
      'https://app.victim.test',
      'https://portal.victim.test',
      'https://admin.victim.test',
      'https://dashboard.victim.test',
      'https://console.victim.test',
      'https://my.victim.test',
    ]);
  });

  it('never include the own origin', () => {
    expect(trustedCandidates(describeSite('https://app.victim.test/'))).not.toContain('https://app.victim.test');
  });
});

describe('learnTrustedOrigins', () => {
  it('learns candidates the server grants, not the ones it refuses, not the declared ones', () => {
    const learned = learnTrustedOrigins(
      site(),
      views(Object.fromEntries([
        candidate('https://app.victim.test', { acao: 'https://app.victim.test' }),
        candidate('https://my.victim.test'),
        candidate('https://declared.victim.test', { acao: 'https://declared.victim.test' }),
        ['simple:arbitrary-origin', { origin: ATTACKER, families: ['arbitrary-origin'] }],
      ])),
    );
    expect(learned).toEqual(['https://app.victim.test']);
  });

  it('never learns a granted attacker look-alike', () => {
    const learned = learnTrustedOrigins(site(), views({ 'simple:x': { origin: 'https://corscanvictim.test', families: ['suffix-mutation'], acao: 'https://corscanvictim.test' } }));
    expect(learned).toEqual([]);
  });

  it('learns nothing from candidate grants when the unrelated attacker origin is granted too', () => {
    const learned = learnTrustedOrigins(
      site(),
      views(Object.fromEntries([
        candidate('https://app.victim.test', { acao: 'https://app.victim.test' }),
        ['simple:arbitrary-origin', { origin: ATTACKER, families: ['arbitrary-origin'], acao: ATTACKER }],
      ])),
    );
    expect(learned).toEqual([]);
  });

  it('learns a static allowlist entry named for another Origin', () => {
    const learned = learnTrustedOrigins(site(), views({ 'simple:no-origin': { origin: null, families: ['no-origin'], acao: 'https://portal.victim.test' } }));
    expect(learned).toEqual(['https://portal.victim.test']);
  });
});

describe('exactlyTrusted (issue 15)', () => {
  const learnedSite = () => ({ ...site(), learnedTrustedOrigins: ['https://app.victim.test', 'https://partner.example', 'https://www.victim.test'] });
  const grant = (id: string, origin: string, family: string): [string, ViewInput] => [id, { origin, families: [family], acao: origin, acac: 'true' }];

  it('keeps every learned origin when no broad matcher is proven', () => {
    expect(exactlyTrusted(learnedSite(), views(Object.fromEntries([candidate('https://app.victim.test', { acao: 'https://app.victim.test' })])))).toEqual(learnedSite().learnedTrustedOrigins);
  });

  it('drops candidates a subdomain pattern grants: the made-up subdomain was granted too', () => {
    const seen = views(Object.fromEntries([grant('simple:any-subdomain-origin:x', 'https://corscansubdomain.victim.test', 'any-subdomain-origin')]));
    expect(exactlyTrusted(learnedSite(), seen)).toEqual(['https://partner.example']);
  });

  it('drops candidates a suffix or substring matcher explains', () => {
    expect(exactlyTrusted(learnedSite(), views(Object.fromEntries([grant('simple:suffix:x', 'https://corscanvictim.test', 'suffix-mutation')])))).toEqual(['https://partner.example']);
    expect(exactlyTrusted(learnedSite(), views(Object.fromEntries([grant('simple:substring:x', 'https://corscanpartner.example.corscan-attacker.example', 'substring-mutation')])))).toEqual([
      'https://app.victim.test',
      'https://www.victim.test',
    ]);
  });

  it('keeps an origin the server named itself (a static allowlist entry), whatever the matchers', () => {
    const seen = views(
      Object.fromEntries([
        grant('simple:any-subdomain-origin:x', 'https://corscansubdomain.victim.test', 'any-subdomain-origin'),
        ['simple:arbitrary-origin', { origin: ATTACKER, families: ['arbitrary-origin'], acao: 'https://app.victim.test' }],
      ]),
    );
    expect(exactlyTrusted(learnedSite(), seen)).toEqual(['https://app.victim.test', 'https://partner.example']);
  });
});

describe('isTrustedBySite', () => {
  it('answers what trustedOrigins(site).includes(origin) answers, for declared, learned and other origins', () => {
    const site = describeSite('https://api.example.com/v1', ['https://app.example.com']);
    site.learnedTrustedOrigins = ['https://admin.example.com'];
    for (const origin of ['https://app.example.com', 'https://admin.example.com', 'https://evil.example', 'https://api.example.com']) {
      expect(isTrustedBySite(site, origin)).toBe(trustedOrigins(site).includes(origin));
    }
    expect(isTrustedBySite(site, 'https://admin.example.com')).toBe(true);
    expect(isTrustedBySite(site, 'https://evil.example')).toBe(false);
  });
});
