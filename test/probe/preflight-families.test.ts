import { describe, expect, it } from 'vitest';
import { ATTACKER_ORIGIN } from '../../src/probe/attacker.js';
import { PROBE_COOKIE } from '../../src/probe/families.js';
import { planProbes } from '../../src/probe/plan.js';
import { notFoundUrl, PREFLIGHT_FAMILIES, PREFLIGHT_REQUESTS } from '../../src/probe/preflight-families.js';
import { describeSite } from '../../src/probe/site.js';

const FRONT = 'https://app.victim.test';
const user = { Authorization: 'Bearer secret', Cookie: 'sid=1' };

describe('preflight probe families', () => {
  it('use the same attacker origin as the origin families', () => {
    const site = describeSite('https://api.victim.test/v1/me');
    const origins = new Set(planProbes(site, ['arbitrary-origin', 'preflight-untrusted', 'private-network'], 1).map((spec) => spec.origin));
    expect([...origins]).toEqual([ATTACKER_ORIGIN]);
  });

  it('send browser-formatted preflights without the user headers', () => {
    const site = describeSite('https://api.victim.test/v1/me');
    const stage1 = planProbes(site, PREFLIGHT_FAMILIES, 1, user);
    const put = stage1.find((spec) => spec.id === 'preflight:untrusted:PUT')!;
    expect(put).toMatchObject({
      method: 'OPTIONS',
      origin: ATTACKER_ORIGIN,
      headers: {
        Accept: '*/*',
        Origin: ATTACKER_ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    for (const spec of stage1) expect(Object.keys(spec.headers)).not.toContain('Authorization');
    expect(stage1.map((spec) => spec.id)).toEqual([
      'preflight:untrusted:GET',
      'preflight:untrusted:POST',
      'preflight:untrusted:PUT',
      'preflight:untrusted:DELETE',
      'preflight:untrusted:pna',
    ]);
    expect(stage1.at(-1)!.headers).toMatchObject({ 'Access-Control-Request-Private-Network': 'true', 'Access-Control-Request-Method': 'GET' });
  });

  it('front-end preflights ask for the common headers; the made-up header goes with GET and the made-up method alone (issue 15)', () => {
    const site = describeSite('https://api.victim.test/');
    const stage1 = [...planProbes(site, PREFLIGHT_FAMILIES, 1), ...planProbes(site, PREFLIGHT_FAMILIES, 2)];
    const asked = (id: string) => {
      const spec = stage1.find((s) => s.id === id)!;
      return [spec.headers['Access-Control-Request-Method'], spec.headers['Access-Control-Request-Headers']];
    };
    expect(asked('preflight:untrusted:GET')).toEqual(['GET', 'authorization']);
    expect(asked('preflight:untrusted:POST')).toEqual(['POST', 'content-type']);
    expect(asked('preflight:untrusted:DELETE')).toEqual(['DELETE', 'authorization']);
    expect(asked('preflight:untrusted:x-corscan-probe')).toEqual(['GET', 'x-corscan-probe']);
    expect(asked('preflight:untrusted:CORSCAN')).toEqual(['CORSCAN', undefined]);
    expect(PREFLIGHT_REQUESTS.filter((r) => r.frontEnd).flatMap((r) => r.headers).every((h) => ['authorization', 'content-type'].includes(h))).toBe(true);
  });

  it('stage 2 uses the first trusted origin, and actual requests keep the user headers', () => {
    const site = { ...describeSite('https://api.victim.test/v1/me', [FRONT]) };
    const stage1 = planProbes(site, PREFLIGHT_FAMILIES, 1, user);
    const stage2 = planProbes(site, PREFLIGHT_FAMILIES, 2, user, stage1);
    expect(stage2.map((spec) => spec.id)).toEqual([
      'preflight:trusted:GET',
      'preflight:trusted:POST',
      'preflight:trusted:PUT',
      'preflight:trusted:DELETE',
      'preflight:trusted:x-corscan-probe',
      'preflight:trusted:CORSCAN',
      'simple:head',
      'simple:not-found',
      'simple:without-credentials',
    ]);
    expect(stage2.every((spec) => spec.origin === FRONT)).toBe(true);
    expect(stage2.find((spec) => spec.id === 'simple:head')!.headers).toMatchObject(user);
    expect(stage2.find((spec) => spec.id === 'simple:not-found')!.url).toBe('https://api.victim.test/v1/me/corscan-404-probe');
    // The same GET without Fetch's credentials (issue 15): other user headers stay.
    const bare = stage2.find((spec) => spec.id === 'simple:without-credentials')!;
    expect(bare.url).toBe('https://api.victim.test/v1/me');
    expect(Object.keys(bare.headers).map((h) => h.toLowerCase())).not.toContain('cookie');
    expect(Object.keys(bare.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
  });

  it('without user credentials the credential-less GET is the plain one, sent once', () => {
    const site = describeSite('https://api.victim.test/v1/me', [FRONT]);
    const stage1 = planProbes(site, ['trusted-origin', ...PREFLIGHT_FAMILIES], 1);
    const stage2 = planProbes(site, ['trusted-origin', ...PREFLIGHT_FAMILIES], 2, {}, stage1);
    expect(stage2.map((spec) => spec.id)).not.toContain('simple:without-credentials');
    expect([...stage1, ...stage2].find((spec) => spec.id === `simple:trusted:${FRONT}`)!.families).toEqual(['trusted-origin', 'error-status']);
  });

  it('safe by default: POST is sent only with --unsafe-methods (issue 15)', () => {
    const site = describeSite('https://api.victim.test/');
    const safe = planProbes(site, PREFLIGHT_FAMILIES, 2);
    expect(safe.map((spec) => spec.method).filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m))).toEqual([]);
    expect(safe.map((spec) => spec.id)).toEqual([
      'preflight:untrusted:x-corscan-probe',
      'preflight:untrusted:CORSCAN',
      'simple:head',
      'simple:not-found',
      'simple:without-credentials',
    ]);
    expect(safe.every((spec) => spec.origin === ATTACKER_ORIGIN)).toBe(true);
    const unsafe = planProbes({ ...site, unsafeMethods: true }, PREFLIGHT_FAMILIES, 2);
    expect(unsafe.map((spec) => spec.id)).toContain('simple:post');
  });

  it('places the 404 probe below the target, never beside it (issue 15)', () => {
    expect(notFoundUrl(describeSite('https://api.victim.test/a/b?x=1'))).toBe('https://api.victim.test/a/b/corscan-404-probe');
    expect(notFoundUrl(describeSite('https://api.victim.test/a/'))).toBe('https://api.victim.test/a/corscan-404-probe');
    expect(notFoundUrl(describeSite('https://api.victim.test'))).toBe('https://api.victim.test/corscan-404-probe');
  });

  it('Origin: null also asks for the JSON POST preflight, browser-formatted and without credentials (issue 15: null granted on preflights only)', () => {
    const site = describeSite('https://api.victim.test/');
    const nullPreflight = planProbes(site, ['null-origin'], 1, { Cookie: 'sid=1' }).find((spec) => spec.id === 'preflight:null:POST')!;
    expect(nullPreflight.method).toBe('OPTIONS');
    expect(nullPreflight.headers).toEqual({ Accept: '*/*', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type', Origin: 'null' });
  });

  it('--unsafe-methods adds a POST from the attacker origin; the default plans no unsafe method (issue 15)', () => {
    const site = describeSite('https://api.victim.test/');
    expect(planProbes(site, ['arbitrary-origin'], 1).map((spec) => spec.method)).toEqual(['GET', 'GET']);
    const post = planProbes({ ...site, unsafeMethods: true }, ['arbitrary-origin'], 1).find((spec) => spec.method === 'POST')!;
    expect(post.id).toBe('simple:arbitrary-origin:post');
    expect(post.origin).toBe(ATTACKER_ORIGIN);
  });

  it("the reflection and null probes go with a Cookie too; the user's own Cookie makes them one request each (issue 15)", () => {
    const site = describeSite('https://api.victim.test/');
    const plain = planProbes(site, ['arbitrary-origin', 'null-origin'], 1);
    expect(plain.map((spec) => spec.id)).toEqual(['simple:arbitrary-origin', 'simple:arbitrary-origin:cookie', 'simple:null-origin', 'simple:null-origin:cookie', 'preflight:null:POST']);
    expect(plain[1]!.headers['Cookie']).toBe(PROBE_COOKIE);
    const withUserCookie = planProbes(site, ['arbitrary-origin', 'null-origin'], 1, { Cookie: 'sid=1' });
    expect(withUserCookie.map((spec) => spec.id)).toEqual(['simple:arbitrary-origin', 'simple:null-origin', 'preflight:null:POST']);
    expect(withUserCookie[0]!.headers['Cookie']).toBe('sid=1');
  });
});
