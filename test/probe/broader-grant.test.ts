import { describe, expect, it } from 'vitest';
import type { ProbeId } from '../../src/model/probe.js';
import { toCorsView } from '../../src/observe/cors-view.js';
import { broaderGrant } from '../../src/probe/broader-grant.js';
import { findFamily, PROBE_FAMILIES } from '../../src/probe/families.js';
import { planProbes, requestKey } from '../../src/probe/plan.js';
import { describeSite } from '../../src/probe/site.js';
import { RULES } from '../../src/rules/index.js';
import { exchange, type ViewInput } from '../helpers/views.js';

const ATTACKER = 'https://corscan-attacker.example';
const FRONTEND = 'https://app.victim.test';
const site = (declared: string[] = []) => describeSite('https://api.victim.test/v1/me', declared);
const views = (entries: Record<string, ViewInput>) =>
  Object.entries(entries).map(([id, input]) => {
    const e = exchange(id as ProbeId, input);
    return toCorsView({ ...e, response: e.response! });
  });
const ALL_FAMILIES = [...new Set(RULES.flatMap((rule) => rule.requires))];
const NARROWER = PROBE_FAMILIES.filter((family) => family.narrower).map((family) => family.name);

describe('broaderGrant', () => {
  it('an attacker origin granted: every look-alike is covered by origin-reflection', () => {
    const reason = broaderGrant(site(), views({ 'simple:arbitrary-origin': { acao: ATTACKER }, 'simple:no-origin': {} }));
    expect(reason).toMatch(/^covered by origin-reflection: the server grants any origin \(https:\/\/corscan-attacker\.example\)/);
  });

  it('`*` for every origin, the declared front end included: covered by the wildcard', () => {
    const answered = views({
      'simple:arbitrary-origin': { acao: '*' },
      'simple:own-origin': { acao: '*' },
      [`simple:trusted:${FRONTEND}`]: { acao: '*' },
      'simple:no-origin': { acao: '*' },
    });
    expect(broaderGrant(site([FRONTEND]), answered)).toMatch(/^covered by the wildcard/);
  });

  it('`*` for strangers but the front end reflected: look-alikes of it may be reflected too, so nothing is covered', () => {
    const answered = views({ 'simple:arbitrary-origin': { acao: '*' }, [`simple:trusted:${FRONTEND}`]: { acao: FRONTEND, acac: 'true' } });
    expect(broaderGrant(site([FRONTEND]), answered)).toBeUndefined();
    const learned = site();
    learned.learnedTrustedOrigins = [FRONTEND];
    expect(broaderGrant(learned, views({ 'simple:arbitrary-origin': { acao: '*' } }))).toBeUndefined();
  });

  it('an exact allowlist, no CORS at all, or an unanswered attacker probe cover nothing', () => {
    expect(broaderGrant(site(), views({ 'simple:arbitrary-origin': {}, 'simple:own-origin': { acao: 'https://api.victim.test' } }))).toBeUndefined();
    expect(broaderGrant(site(), views({ 'simple:no-origin': { acao: '*' } }))).toBeUndefined();
    // Two lines are not a grant (Fetch: the value must be exactly the origin).
    expect(broaderGrant(site(), views({ 'simple:arbitrary-origin': { acao: [ATTACKER, ATTACKER] } }))).toBeUndefined();
  });
});

describe('planning around a broader grant', () => {
  it('the look-alike families are the narrower ones, all in stage 2', () => {
    expect(NARROWER.sort()).toEqual(
      [
        'any-subdomain-origin',
        'insecure-scheme-origin',
        'localhost-origin',
        'prefix-mutation',
        'special-chars-mutation',
        'substring-mutation',
        'suffix-mutation',
        'third-party-origin',
        'unescaped-dot-mutation',
      ].sort(),
    );
    for (const name of NARROWER) expect(findFamily(name)!.stage).toBe(2);
  });

  it('declared trusted origins go out in stage 1, and stage 2 does not send them again', () => {
    const target = site([FRONTEND]);
    const stage1 = planProbes(target, ALL_FAMILIES, 1);
    expect(stage1.find((spec) => spec.origin === FRONTEND && spec.method === 'GET')?.families).toContain('trusted-origin');
    const stage2 = planProbes(target, ALL_FAMILIES, 2, {}, stage1);
    expect(stage2.some((spec) => spec.origin === FRONTEND && spec.method === 'GET' && spec.id.startsWith('simple:trusted:'))).toBe(false);
    const keys = [...stage1, ...stage2].map(requestKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('stage 2 leaves out every narrower family once a broader grant is known, and keeps the rest', () => {
    const target = site([FRONTEND]);
    const stage1 = planProbes(target, ALL_FAMILIES, 1);
    const full = planProbes(target, ALL_FAMILIES, 2, {}, stage1);
    target.broaderGrant = 'covered by origin-reflection: test';
    const lean = planProbes(target, ALL_FAMILIES, 2, {}, stage1);
    expect(full.some((spec) => spec.families.some((family) => NARROWER.includes(family)))).toBe(true);
    expect(lean.filter((spec) => spec.families.some((family) => NARROWER.includes(family)))).toEqual([]);
    expect(lean.map((spec) => spec.id)).toEqual(full.filter((spec) => !spec.families.some((family) => NARROWER.includes(family))).map((spec) => spec.id));
  });
});
