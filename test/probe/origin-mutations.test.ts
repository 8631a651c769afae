import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSerializedOrigin, originOf } from '../../src/cors/origin.js';
import type { SiteInfo } from '../../src/model/observation.js';
import {
  anySubdomainMutations,
  insecureSchemeMutations,
  mutationBases,
  noMutationReason,
  prefixMutations,
  prefixNeedle,
  registrableDomainOf,
  specialCharMutations,
  substringMutations,
  substringNeedle,
  suffixMutations,
  suffixNeedle,
  unescapedDotMutations,
  type Mutation,
} from '../../src/probe/origin-mutations.js';
import { describeSite, trustedOrigins } from '../../src/probe/site.js';
import { LOCAL_ORIGINS, THIRD_PARTY_ORIGINS } from '../../src/probe/third-party-origins.js';
import { trustedCandidates } from '../../src/probe/trusted-candidates.js';

const label = fc.oneof(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/), fc.constantFrom('x', 'xn', 'n--a', 'xn--a', 'www', 'app'));
const suffix = fc.constantFrom('com', 'test', 'co.uk', 'github.io', 'example', 'io', 'local', 'internal', 'com.au');
const domainHost = fc.tuple(fc.array(label, { minLength: 0, maxLength: 3 }), label, suffix).map(([subs, name, tld]) => [...subs, name, tld].join('.'));
const ipHost = fc.constantFrom('10.0.0.5', '127.0.0.1', '[::1]', '[2001:db8::1]', 'localhost');
const host = fc.oneof({ weight: 4, arbitrary: domainHost }, { weight: 1, arbitrary: ipHost });
const port = fc.constantFrom('', ':8443', ':3000');
// Origins a user or a server could really name: the URL parser rejects invalid A-labels such as xn--a.
const origin = fc
  .tuple(fc.constantFrom('https', 'http'), host, port)
  .map(([scheme, h, p]) => originOf(`${scheme}://${h}${p}`))
  .filter((o): o is string => o !== null && isSerializedOrigin(o));

/** A site with declared and learned trusted origins, as the scan builds it. */
const site = fc
  .tuple(origin, fc.array(origin, { maxLength: 3 }), fc.array(origin, { maxLength: 4 }))
  .map(([target, declared, learned]): SiteInfo => {
    const info = describeSite(`${target}/v1/me`, [...new Set(declared)]);
    info.learnedTrustedOrigins = [...new Set(learned)].filter((o) => !declared.includes(o)).sort();
    return info;
  });

const GENERATORS: Record<string, (s: SiteInfo) => Mutation[]> = {
  prefix: prefixMutations,
  suffix: suffixMutations,
  unescapedDot: unescapedDotMutations,
  substring: substringMutations,
  specialChars: specialCharMutations,
  insecureScheme: insecureSchemeMutations,
  anySubdomain: anySubdomainMutations,
};

const hostOf = (o: string) => o.slice(o.indexOf('://') + 3);

describe('origin mutations (property tests)', () => {
  it('every probe origin is a serialized origin; special-character ones are raw http(s) origins by design', () => {
    fc.assert(
      fc.property(site, (s) => {
        for (const [name, generate] of Object.entries(GENERATORS)) {
          for (const m of generate(s)) {
            if (name !== 'specialChars') {
              expect(isSerializedOrigin(m.origin), `${name}: ${m.origin}`).toBe(true);
            } else {
              // A label of the attacker's own domain, whatever the character does to DNS syntax.
              expect(m.origin).toMatch(/^https?:\/\/[^/\s]+\.corscan-attacker\.example$/);
              // The URL parser keeps them as they are, except the percent-encoded backtick.
              if (m.kind !== '%60') expect(originOf(m.origin), m.origin).toBe(m.origin);
            }
          }
        }
        for (const candidate of trustedCandidates(s)) expect(isSerializedOrigin(candidate), candidate).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('no probe origin equals a trusted origin or the target origin', () => {
    fc.assert(
      fc.property(site, (s) => {
        const trusted = new Set([...trustedOrigins(s), s.origin]);
        for (const generate of Object.values(GENERATORS)) for (const m of generate(s)) expect(trusted.has(m.origin), m.origin).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('look-alikes are attacker-registrable: another registrable domain than the host they imitate', () => {
    fc.assert(
      fc.property(site, (s) => {
        // Special-character hosts are no DNS names (tldts refuses them); the first property pins them under the attacker's domain.
        for (const name of ['prefix', 'suffix', 'unescapedDot', 'substring']) {
          for (const m of GENERATORS[name]!(s)) {
            if (m.kind === 'concatenation') continue;
            const own = registrableDomainOf(hostOf(m.origin));
            expect(own, m.origin).not.toBeNull();
            expect(own, `${m.origin} imitates ${m.imitates}`).not.toBe(registrableDomainOf(m.imitates));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same site gives the same probes', () => {
    fc.assert(
      fc.property(site, (s) => {
        for (const generate of Object.values(GENERATORS)) expect(generate(structuredClone(s))).toEqual(generate(s));
      }),
      { numRuns: 100 },
    );
  });

  it('needles parse back what the generators wrote', () => {
    fc.assert(
      fc.property(site, (s) => {
        for (const m of prefixMutations(s)) if (m.kind === 'dot') expect(prefixNeedle(m.origin)).toBe(m.origin.slice(0, -'.corscan-attacker.example'.length));
        for (const m of substringMutations(s)) if (m.kind === 'contains') expect(substringNeedle(m.origin)).toBe(m.imitates);
        for (const m of suffixMutations(s)) if (m.kind === 'suffix') expect(suffixNeedle(m.origin)).toBe(m.imitates);
      }),
      { numRuns: 100 },
    );
  });
});

describe('origin mutations (examples)', () => {
  const s = describeSite('https://api.victim.com/v1/me', ['https://app.victim.com', 'https://partner.com']);

  it('follow the catalogue', () => {
    expect(prefixMutations(s).map((m) => m.origin)).toContain('https://app.victim.com.corscan-attacker.example');
    expect(suffixMutations(s).map((m) => m.origin)).toEqual(expect.arrayContaining(['https://corscanvictim.com', 'https://apppartner.com']));
    expect(unescapedDotMutations(s).map((m) => m.origin)).toEqual(expect.arrayContaining(['https://appxvictim.com', 'https://appxvictimxcom.corscan-attacker.example']));
    expect(substringMutations(s).map((m) => m.origin)).toEqual(expect.arrayContaining(['https://corscanvictim.com.corscan-attacker.example', 'https://app.victim.co']));
    expect(specialCharMutations(s).map((m) => m.origin)).toContain('https://app.victim.com%60.corscan-attacker.example');
    expect(insecureSchemeMutations(s).map((m) => m.origin)).toEqual(['http://app.victim.com', 'http://partner.com', 'http://api.victim.com']);
    expect(anySubdomainMutations(s).map((m) => m.origin)).toEqual(['https://corscansubdomain.victim.com', 'https://corscansubdomain.partner.com']);
  });

  it("special characters imitate the trusted origins' hosts, the API's own host only when the site trusts no other (probe budget, issue 15)", () => {
    const imitated = (site: SiteInfo) => [...new Set(specialCharMutations(site).map((m) => m.imitates))];
    expect(imitated(s)).toEqual(['app.victim.com', 'partner.com']);
    expect(imitated(describeSite('https://api.victim.com/v1/me'))).toEqual(['api.victim.com']);
  });

  it('keep the public suffix: victim.co.uk gives appxvictim.co.uk, never victimxco.uk style TLD changes', () => {
    const uk = describeSite('https://app.victim.co.uk/');
    expect(unescapedDotMutations(uk).map((m) => m.origin)).toEqual(['https://appxvictim.co.uk', 'https://appxvictimxcoxuk.corscan-attacker.example']);
  });

  it('a site on a hosting platform is its own registrable domain (PSL private section)', () => {
    const gh = describeSite('https://victim.github.io/api');
    expect(gh.registrableDomain).toBe('victim.github.io');
    expect(anySubdomainMutations(gh).map((m) => m.origin)).toEqual(['https://corscansubdomain.victim.github.io']);
  });

  it.each(['http://10.0.0.5:8080/api', 'https://[2001:db8::1]/api', 'http://localhost:3000/'])('%s: no domain look-alikes, and a reason', (url) => {
    const ip = describeSite(url);
    expect(mutationBases(ip)).toEqual([]);
    expect(prefixMutations(ip)).toEqual([]);
    expect(specialCharMutations(ip)).toEqual([]);
    expect(trustedCandidates(ip)).toEqual([]);
    expect(noMutationReason(ip)).toMatch(/no domain to imitate/);
  });

  it('an IP target still imitates a trusted origin that has a domain', () => {
    const ip = describeSite('https://10.0.0.5/api', ['https://app.victim.com']);
    expect(noMutationReason(ip)).toBeNull();
    expect(prefixMutations(ip).map((m) => m.origin)).toContain('https://app.victim.com.corscan-attacker.example');
  });

  it('fixed lists are serialized origins, third parties on platforms anyone can use', () => {
    for (const entry of THIRD_PARTY_ORIGINS) expect(isSerializedOrigin(entry.origin), entry.origin).toBe(true);
    for (const local of LOCAL_ORIGINS) expect(isSerializedOrigin(local), local).toBe(true);
    for (const entry of THIRD_PARTY_ORIGINS.filter((e) => e.kind === 'subdomain' && e.platform !== 'glitch.me')) {
      // Each made-up site is its own registrable domain: the platform is a public suffix.
      expect(registrableDomainOf(hostOf(entry.origin))).toBe(hostOf(entry.origin));
    }
    expect(THIRD_PARTY_ORIGINS.length).toBe(20);
  });

  it('local origins include the common dev-server ports on localhost and 127.0.0.1 (issue 15)', () => {
    for (const port of ['3000', '4200', '5173', '8000', '8080']) {
      expect(LOCAL_ORIGINS).toContain(`http://localhost:${port}`);
      expect(LOCAL_ORIGINS).toContain(`http://127.0.0.1:${port}`);
    }
  });

  it('the made-up subdomain label is plain letters and digits, so \\w+ and [a-z0-9]+ patterns match it (issue 15)', () => {
    for (const m of anySubdomainMutations(describeSite('https://api.victim.com/'))) {
      expect(hostOf(m.origin).split('.')[0]).toMatch(/^[a-z0-9]+$/);
    }
  });
});
