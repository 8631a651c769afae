import { describe, expect, it } from 'vitest';
import { ATTACKER_ORIGIN } from '../../src/probe/attacker.js';
import { planProbes } from '../../src/probe/plan.js';
import { notFoundUrl, PREFLIGHT_FAMILIES } from '../../src/probe/preflight-families.js';
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
    const patch = stage1.find((spec) => spec.id === 'preflight:untrusted:PATCH')!;
    expect(patch).toMatchObject({
      method: 'OPTIONS',
      origin: ATTACKER_ORIGIN,
      headers: {
        Accept: '*/*',
        Origin: ATTACKER_ORIGIN,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    for (const spec of stage1) expect(Object.keys(spec.headers)).not.toContain('Authorization');
    expect(stage1.map((spec) => spec.id)).toEqual([
      'preflight:untrusted:PUT',
      'preflight:untrusted:DELETE',
      'preflight:untrusted:PATCH',
      'preflight:untrusted:CORSCAN',
      'preflight:untrusted:pna',
    ]);
    expect(stage1.at(-1)!.headers).toMatchObject({ 'Access-Control-Request-Private-Network': 'true', 'Access-Control-Request-Method': 'GET' });
  });

  it('stage 2 uses the first trusted origin, and actual requests keep the user headers', () => {
    const site = { ...describeSite('https://api.victim.test/v1/me', [FRONT]) };
    const stage1 = planProbes(site, PREFLIGHT_FAMILIES, 1, user);
    const stage2 = planProbes(site, PREFLIGHT_FAMILIES, 2, user, stage1);
    expect(stage2.map((spec) => spec.id)).toEqual([
      'preflight:trusted:PUT',
      'preflight:trusted:DELETE',
      'preflight:trusted:PATCH',
      'preflight:trusted:CORSCAN',
      'simple:head',
      'simple:post',
      'simple:not-found',
    ]);
    expect(stage2.every((spec) => spec.origin === FRONT)).toBe(true);
    expect(stage2.find((spec) => spec.id === 'simple:post')!.headers).toMatchObject(user);
    expect(stage2.find((spec) => spec.id === 'simple:not-found')!.url).toBe('https://api.victim.test/v1/corscan-404-probe');
  });

  it('without a trusted origin, stage 2 compares with the attacker origin and sends no trusted preflights', () => {
    const site = describeSite('https://api.victim.test/');
    const stage2 = planProbes(site, PREFLIGHT_FAMILIES, 2);
    expect(stage2.map((spec) => spec.id)).toEqual(['simple:head', 'simple:post', 'simple:not-found']);
    expect(stage2[0]!.origin).toBe(ATTACKER_ORIGIN);
  });

  it('places the 404 probe next to the target', () => {
    expect(notFoundUrl(describeSite('https://api.victim.test/a/b?x=1'))).toBe('https://api.victim.test/a/corscan-404-probe');
    expect(notFoundUrl(describeSite('https://api.victim.test/a/'))).toBe('https://api.victim.test/a/corscan-404-probe');
    expect(notFoundUrl(describeSite('https://api.victim.test'))).toBe('https://api.victim.test/corscan-404-probe');
  });
});
