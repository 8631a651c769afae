import { describe, expect, it } from 'vitest';
import { corsCheck } from '../../src/cors/check.js';
import { isSerializedOrigin } from '../../src/cors/origin.js';
import { listItems } from '../../src/cors/headers.js';
import { parseMaxAge } from '../../src/observe/cors-view.js';
import { observations } from '../helpers/views.js';

const view = (headers: [string, string][], id = 'simple:own-origin') => observations({ [id]: { headers } }).get(id as 'simple:x')!;

describe('CORS view parsing', () => {
  it('keeps two ACAO lines apart, in order', () => {
    const v = view([['Access-Control-Allow-Origin', 'https://a.test'], ['access-control-allow-origin', 'https://b.test']]);
    expect(v.allowOrigin).toEqual(['https://a.test', 'https://b.test']);
  });

  it('keeps a comma list as one raw line', () => {
    expect(view([['Access-Control-Allow-Origin', 'https://a.test, https://b.test']]).allowOrigin).toEqual(['https://a.test, https://b.test']);
  });

  it('credentials only for exactly one "true" line', () => {
    expect(view([['Access-Control-Allow-Credentials', 'true']]).allowCredentials).toBe(true);
    expect(view([['Access-Control-Allow-Credentials', 'True']]).allowCredentials).toBe(false);
    expect(view([['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Credentials', 'true']]).allowCredentials).toBe(false);
  });

  it('trims surrounding whitespace as HTTP parsers do', () => {
    expect(view([['Access-Control-Allow-Origin', '  https://a.test \t']]).allowOrigin).toEqual(['https://a.test']);
  });

  it('header names are case-insensitive', () => {
    expect(view([['ACCESS-CONTROL-ALLOW-METHODS', 'GET, PUT'], ['access-control-allow-methods', 'DELETE']]).allowMethods).toEqual(['GET', 'PUT', 'DELETE']);
  });

  it('Vary tokens are lower-cased', () => {
    expect(view([['Vary', 'Accept-Encoding, ORIGIN']]).vary).toEqual(['accept-encoding', 'origin']);
  });

  it('keeps null as a literal value', () => {
    expect(view([['Access-Control-Allow-Origin', 'null']], 'simple:null-origin').allowOrigin).toEqual(['null']);
  });

  it('splits lists and drops empty items', () => {
    expect(listItems([['X-List', 'a, ,b'], ['x-list', ',c']], 'x-list')).toEqual(['a', 'b', 'c']);
  });

  it('parses Max-Age as delta-seconds only', () => {
    expect(parseMaxAge(['600'])).toBe(600);
    expect(parseMaxAge(['-1'])).toBeNull();
    expect(parseMaxAge(['10.5'])).toBeNull();
    expect(parseMaxAge(['5', '10'])).toBeNull();
    expect(parseMaxAge([])).toBeNull();
  });
});

describe('serialized origins', () => {
  it.each([
    ['https://a.test', true],
    ['http://a.test:8080', true],
    ['https://a.test/', false],
    ['HTTPS://a.test', false],
    ['https://A.test', false],
    ['https://a.test:443', false],
    ['https://a.test/path', false],
    ['null', false],
    ['*', false],
    ['a.test', false],
  ])('%s → %s', (value, expected) => {
    expect(isSerializedOrigin(value)).toBe(expected);
  });
});

describe('CORS check (Fetch)', () => {
  const origin = 'https://app.test';
  const check = (headers: [string, string][], credentials: 'omit' | 'include') => corsCheck(view(headers), origin, credentials);

  it('accepts * without credentials only', () => {
    expect(check([['Access-Control-Allow-Origin', '*']], 'omit').allowed).toBe(true);
    expect(check([['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']], 'include').allowed).toBe(false);
  });

  it('compares the origin byte for byte', () => {
    expect(check([['Access-Control-Allow-Origin', origin]], 'omit').allowed).toBe(true);
    expect(check([['Access-Control-Allow-Origin', `${origin}/`]], 'omit').allowed).toBe(false);
    expect(check([['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Origin', origin]], 'omit').allowed).toBe(false);
  });

  it('needs exactly "true" for credentials', () => {
    expect(check([['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Credentials', 'true']], 'include').allowed).toBe(true);
    expect(check([['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Credentials', 'True']], 'include').reason).toMatch(/not exactly/);
  });
});
