import { describe, expect, it } from 'vitest';
import { planProbes } from '../../src/probe/plan.js';
import { describeSite } from '../../src/probe/site.js';
import { FRONT_END_USAGE } from '../../src/probe/families-usage.js';
import { usage } from '../helpers/usage-views.js';
import { FRONTEND } from '../helpers/preflight-views.js';

const TARGET = 'https://api.victim.test/v1/items/17';

describe('front-end-usage probe family', () => {
  it('plans the exact preflight of each recorded call, and GET (HEAD when used) from each page; never the calls themselves', () => {
    const site = describeSite(TARGET, [FRONTEND]);
    site.usage = usage([
      { method: 'PUT', headers: ['content-type', 'x-csrf-token'], credentials: 'include' },
      // Same request on the wire as the one above: one preflight, judged for both modes.
      { method: 'PUT', headers: ['content-type', 'x-csrf-token'] },
      { method: 'DELETE', headers: [], page: 'https://admin.victim.test' },
      { method: 'HEAD' },
      { method: 'POST' },
    ]);
    const plan = planProbes(site, [FRONT_END_USAGE], 1, { Cookie: 'session=1' });
    expect(plan.map((probe) => [probe.id, probe.method, probe.headers])).toEqual([
      ['simple:trusted:https://admin.victim.test', 'GET', { Cookie: 'session=1', Origin: 'https://admin.victim.test' }],
      ['simple:trusted:https://app.victim.test', 'GET', { Cookie: 'session=1', Origin: FRONTEND }],
      ['simple:usage:HEAD:https://app.victim.test', 'HEAD', { Cookie: 'session=1', Origin: FRONTEND }],
      // Browser-formatted: method normalised, header names lower-case, sorted, comma-joined; no cookie.
      [
        'preflight:usage:PUT:content-type,x-csrf-token:https://app.victim.test',
        'OPTIONS',
        { Accept: '*/*', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type,x-csrf-token', Origin: FRONTEND },
      ],
      ['preflight:usage:DELETE:-:https://admin.victim.test', 'OPTIONS', { Accept: '*/*', 'Access-Control-Request-Method': 'DELETE', Origin: 'https://admin.victim.test' }],
    ]);
    expect(plan.some((probe) => ['PUT', 'DELETE', 'POST', 'PATCH'].includes(probe.method))).toBe(false);
  });

  it('plans nothing for a target without a HAR', () => {
    expect(planProbes(describeSite(TARGET), [FRONT_END_USAGE], 1)).toEqual([]);
  });
});
