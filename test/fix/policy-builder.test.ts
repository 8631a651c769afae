import { describe, expect, it } from 'vitest';
import { buildPolicy, PolicyError, previewExchanges, splitList, type PolicyInput } from '../../src/fix/policy-builder.js';
import { UsageError } from '../../src/model/errors.js';

const APP = 'https://app.example.com';

describe('buildPolicy refuses what browsers reject or what is unsafe, with the reason', () => {
  const cases: [string, PolicyInput, RegExp][] = [
    ['* with credentials', { origins: ['*'], credentials: true }, /browsers reject Access-Control-Allow-Origin: \* on credentialed/],
    ['null', { origins: ['null'] }, /sandboxed iframes/],
    ['a wildcard subdomain with credentials', { origins: ['https://*.example.com'], credentials: true }, /pattern.*with credentials/],
    ['a wildcard subdomain without credentials', { origins: ['https://*.example.com'] }, /list the subdomains/],
    ['max-age above the Chromium cap', { origins: [APP], maxAge: 86400 }, /Chromium caps preflight caching at 7200 s/],
    ['a negative max-age', { origins: [APP], maxAge: -1 }, /0 or more/],
    ['a forbidden method', { origins: [APP], methods: ['TRACE'] }, /forbidden by the Fetch standard/],
    ['a forbidden request header', { origins: [APP], headers: ['Cookie'] }, /forbidden request header/],
    ['a Sec- request header', { origins: [APP], headers: ['Sec-Fetch-Mode'] }, /forbidden request header/],
    ['exposing Set-Cookie', { origins: [APP], expose: ['Set-Cookie'] }, /never readable by scripts/],
    ['methods * with credentials', { origins: [APP], credentials: true, methods: ['*'] }, /method named "\*"/],
    ['headers * with credentials', { origins: [APP], credentials: true, headers: ['*'] }, /header named "\*"/],
    ['expose * with credentials', { origins: [APP], credentials: true, expose: ['*'] }, /header named "\*"/],
    ['an http origin with credentials', { origins: ['http://app.example.com'], credentials: true }, /plain http/],
    ['a trailing slash', { origins: ['https://app.example.com/'] }, /not in the form browsers send \(https:\/\/app\.example\.com\)/],
    ['upper case', { origins: ['https://App.example.com'] }, /byte for byte/],
    ['not an origin', { origins: ['app.example.com'] }, /not an http\(s\) origin/],
    ['no origin', { origins: [] }, /no origin/],
    ['* with other origins', { origins: ['*', APP] }, /pass it alone/],
    ['a method that is not a token', { origins: [APP], methods: ['GE T'] }, /not an HTTP method token/],
  ];
  it.each(cases)('%s', (_name, input, reason) => {
    expect(() => buildPolicy(input)).toThrow(reason);
    expect(() => buildPolicy(input)).toThrow(PolicyError);
  });

  it('a PolicyError is a UsageError (one line, exit 2)', () => {
    expect(new PolicyError('x')).toBeInstanceOf(UsageError);
  });
});

describe('buildPolicy accepts and normalises', () => {
  it('applies defaults: safelisted methods, Content-Type, 600 s', () => {
    expect(buildPolicy({ origins: [APP] })).toEqual({
      origins: [APP],
      credentials: false,
      methods: ['GET', 'HEAD', 'POST'],
      headers: ['Content-Type'],
      expose: [],
      maxAge: 600,
    });
  });

  it('upper-cases the six methods Fetch normalises, keeps others byte for byte, dedupes', () => {
    expect(buildPolicy({ origins: [APP, APP], methods: ['get', 'put', 'patch', 'GET'] })).toMatchObject({
      origins: [APP],
      methods: ['GET', 'PUT', 'patch'],
    });
  });

  it('allows * without credentials, and the 7200 s cap itself', () => {
    expect(buildPolicy({ origins: ['*'], maxAge: 7200 })).toMatchObject({ origins: ['*'], maxAge: 7200 });
  });

  it('allows an explicitly empty header list and no max-age', () => {
    expect(buildPolicy({ origins: [APP], headers: [], maxAge: null })).toMatchObject({ headers: [], maxAge: null });
  });

  it('splits repeatable comma-separated flags', () => {
    expect(splitList(['GET, POST', 'PUT', ''])).toEqual(['GET', 'POST', 'PUT']);
  });
});

describe('previewExchanges', () => {
  it('answers allowed origins exactly with Vary: Origin, refused ones with Vary only', () => {
    const policy = buildPolicy({ origins: [APP], credentials: true, methods: ['GET', 'PUT'], expose: ['X-Request-Id'] });
    const [preflight, actual, refusedPreflight, refusedActual] = previewExchanges(policy);
    expect(preflight!.request.headers).toContainEqual(['Access-Control-Request-Method', 'PUT']);
    expect(preflight!.response).toEqual({
      status: 204,
      headers: [
        ['Access-Control-Allow-Origin', APP],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', 'GET, PUT'],
        ['Access-Control-Allow-Headers', 'Content-Type'],
        ['Access-Control-Max-Age', '600'],
        ['Vary', 'Origin'],
      ],
    });
    expect(actual!.response.headers).toEqual([
      ['Access-Control-Allow-Origin', APP],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Expose-Headers', 'X-Request-Id'],
      ['Vary', 'Origin'],
    ]);
    expect(refusedPreflight!.response.headers).toEqual([['Vary', 'Origin']]);
    expect(refusedActual!.response.headers).toEqual([['Vary', 'Origin']]);
  });

  it('a public policy answers * without Vary and refuses nobody', () => {
    const exchanges = previewExchanges(buildPolicy({ origins: ['*'] }));
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.response.headers).toEqual([['Access-Control-Allow-Origin', '*']]);
  });
});
