import { describe, expect, it } from 'vitest';
import { corsCheckHeaders } from '../../src/cors/check.js';
import {
  maxAgeOf,
  needsPreflight,
  normalizeMethod,
  preflightCheck,
  preflightRequestHeaders,
  readableResponseHeaders,
  unsafeRequestHeaderNames,
  type CorsRequest,
} from '../../src/cors/preflight.js';

const O = 'https://app.example.com';
type H = [string, string][];

/** A request from O; `c` true means credentials: 'include'. */
const req = (method: string, headers: string[] = [], c = false, extra: Partial<CorsRequest> = {}): CorsRequest => ({
  origin: O,
  method,
  headers,
  credentials: c ? 'include' : 'omit',
  ...extra,
});
const acao = (value = O): H => [['Access-Control-Allow-Origin', value]];
const cred: H = [['Access-Control-Allow-Credentials', 'true']];
const acam = (value: string): H => [['Access-Control-Allow-Methods', value]];
const acah = (value: string): H => [['Access-Control-Allow-Headers', value]];

/**
 * Preflight verdicts per the Fetch standard ("CORS-preflight fetch", "CORS check").
 * [name, request, status, response headers, allowed, reason fragment]
 */
const PREFLIGHT_CASES: Array<[string, CorsRequest, number, H, boolean, string?]> = [
  // Status: the preflight must be an ok status.
  ['200 with exact grant', req('PUT'), 200, [...acao(), ...acam('PUT')], true],
  ['204 is ok', req('PUT'), 204, [...acao(), ...acam('PUT')], true],
  ['299 is ok', req('PUT'), 299, [...acao(), ...acam('PUT')], true],
  ['301 is not ok', req('PUT'), 301, [...acao(), ...acam('PUT')], false, 'status 301'],
  ['401 is not ok', req('PUT'), 401, [...acao(), ...acam('PUT')], false, 'status 401'],
  ['404 without CORS', req('PUT'), 404, [], false, 'status 404'],
  ['405 is not ok', req('DELETE'), 405, [...acao(), ...acam('DELETE')], false, 'status 405'],
  ['500 is not ok', req('PUT'), 500, [...acao(), ...acam('PUT')], false, 'status 500'],
  // The CORS check on the preflight.
  ['no ACAO', req('PUT'), 200, acam('PUT'), false, 'no Access-Control-Allow-Origin'],
  ['ACAO trailing slash', req('PUT'), 200, [...acao(`${O}/`), ...acam('PUT')], false, 'byte-for-byte'],
  ['ACAO upper-case host', req('PUT'), 200, [...acao('https://APP.example.com'), ...acam('PUT')], false],
  ['ACAO explicit default port', req('PUT'), 200, [...acao(`${O}:443`), ...acam('PUT')], false],
  ['ACAO two lines', req('PUT'), 200, [...acao(), ...acao(), ...acam('PUT')], false],
  ['ACAO list', req('PUT'), 200, [...acao(`${O}, https://b.example.com`), ...acam('PUT')], false],
  ['ACAO other origin', req('PUT'), 200, [...acao('https://b.example.com'), ...acam('PUT')], false],
  ['ACAO * without credentials', req('PUT'), 200, [...acao('*'), ...acam('PUT')], true],
  ['ACAO * with credentials', req('PUT', [], true), 200, [...acao('*'), ...cred, ...acam('PUT')], false, 'credentialed'],
  ['credentials without ACAC', req('PUT', [], true), 200, [...acao(), ...acam('PUT')], false, 'Access-Control-Allow-Credentials'],
  ['credentials with ACAC True', req('PUT', [], true), 200, [...acao(), ['Access-Control-Allow-Credentials', 'True'], ...acam('PUT')], false, 'not exactly'],
  ['credentials with ACAC true', req('PUT', [], true), 200, [...acao(), ...cred, ...acam('PUT')], true],
  ['credentials with two ACAC lines', req('PUT', [], true), 200, [...acao(), ...cred, ...cred, ...acam('PUT')], false],
  ['header names are case-insensitive', req('PUT'), 200, [['access-control-allow-origin', O], ['ACCESS-CONTROL-ALLOW-METHODS', 'PUT']], true],
  // Methods.
  ['safelisted method needs no ACAM', req('POST', ['x-custom']), 200, [...acao(), ...acah('x-custom')], true],
  ['GET with custom header, no ACAM', req('GET', ['x-custom']), 200, [...acao(), ...acah('x-custom')], true],
  ['PUT missing from ACAM', req('PUT'), 200, [...acao(), ...acam('GET, POST')], false, 'method PUT'],
  ['no ACAM for PUT', req('PUT'), 200, acao(), false, 'no Access-Control-Allow-Methods'],
  ['ACAM list with spaces', req('DELETE'), 200, [...acao(), ...acam('GET,  POST , DELETE')], true],
  ['ACAM over two lines', req('DELETE'), 200, [...acao(), ...acam('GET'), ...acam('DELETE')], true],
  ['ACAM empty items ignored', req('DELETE'), 200, [...acao(), ...acam(',DELETE,,')], true],
  ['ACAM space-separated fails to parse', req('PUT'), 200, [...acao(), ...acam('PUT DELETE')], false, 'does not parse'],
  ['ACAM with a slash fails to parse', req('GET', ['x-a']), 200, [...acao(), ...acam('GET/POST'), ...acah('x-a')], false, 'does not parse'],
  ['ACAM lower-case put vs normalised PUT', req('put'), 200, [...acao(), ...acam('put')], false, 'case-sensitively'],
  ['request put normalises to PUT', req('put'), 200, [...acao(), ...acam('PUT')], true],
  ['request delete normalises to DELETE', req('delete'), 200, [...acao(), ...acam('DELETE')], true],
  ['PATCH is not normalised: patch vs PATCH', req('patch'), 200, [...acao(), ...acam('PATCH')], false],
  ['PATCH exact', req('PATCH'), 200, [...acao(), ...acam('PATCH')], true],
  ['ACAM lower-case patch for PATCH', req('PATCH'), 200, [...acao(), ...acam('patch')], false, 'case-sensitively'],
  ['unusual method granted', req('PROPFIND'), 200, [...acao(), ...acam('PROPFIND')], true],
  ['ACAM * without credentials', req('DELETE'), 200, [...acao(), ...acam('*')], true],
  ['ACAM * with credentials is literal', req('DELETE', [], true), 200, [...acao(), ...cred, ...acam('*')], false, 'literal'],
  ['ACAM * plus name with credentials', req('DELETE', [], true), 200, [...acao(), ...cred, ...acam('*, DELETE')], true],
  // Request headers.
  ['custom header granted', req('GET', ['X-Custom']), 200, [...acao(), ...acah('x-custom')], true],
  ['custom header granted in other case', req('GET', ['x-custom']), 200, [...acao(), ...acah('X-CUSTOM')], true],
  ['custom header not granted', req('GET', ['x-custom']), 200, [...acao(), ...acah('x-other')], false, 'x-custom'],
  ['no ACAH', req('GET', ['x-custom']), 200, acao(), false, 'no Access-Control-Allow-Headers'],
  ['ACAH * without credentials', req('PUT', ['x-custom', 'content-type']), 200, [...acao(), ...acam('PUT'), ...acah('*')], true],
  ['ACAH * with credentials is literal', req('PUT', ['x-custom'], true), 200, [...acao(), ...cred, ...acam('PUT'), ...acah('*')], false, 'literal'],
  ['ACAH * never covers Authorization', req('GET', ['authorization']), 200, [...acao(), ...acah('*')], false, 'never covers Authorization'],
  ['ACAH *, authorization', req('GET', ['Authorization', 'x-a']), 200, [...acao(), ...acah('*, Authorization')], true],
  ['Authorization named', req('GET', ['authorization'], true), 200, [...acao(), ...cred, ...acah('authorization')], true],
  ['Authorization missing from list', req('GET', ['authorization']), 200, [...acao(), ...acah('x-a')], false, 'authorization'],
  ['ACAH with a space fails to parse', req('GET', ['x-a']), 200, [...acao(), ...acah('x-a x-b')], false, 'does not parse'],
  ['ACAH quoted fails to parse', req('GET', ['x-a']), 200, [...acao(), ...acah('"x-a"')], false, 'does not parse'],
  ['ACAH parse failure blocks even a simple request', req('PUT'), 200, [...acao(), ...acam('PUT'), ...acah('x-a;b')], false, 'does not parse'],
  ['forbidden header needs no grant', req('PUT', ['cookie', 'sec-fetch-mode']), 200, [...acao(), ...acam('PUT')], true],
  ['content-type and x-requested-with granted', req('POST', ['content-type', 'x-requested-with']), 200, [...acao(), ...acah('Content-Type, X-Requested-With')], true],
  ['content-type only partly granted', req('POST', ['content-type', 'x-requested-with']), 200, [...acao(), ...acah('content-type')], false, 'x-requested-with'],
  // Private Network Access.
  ['PNA granted', req('GET', ['x-a'], false, { privateNetwork: true }), 200, [...acao(), ...acah('x-a'), ['Access-Control-Allow-Private-Network', 'true']], true],
  ['PNA not granted', req('GET', ['x-a'], false, { privateNetwork: true }), 200, [...acao(), ...acah('x-a')], false, 'Private-Network'],
];

describe('preflightCheck (Fetch CORS-preflight fetch)', () => {
  it('marks where Chromium deviates: ACAH * covers Authorization without credentials (browser suite)', () => {
    const star = preflightCheck(req('GET', ['authorization']), { status: 200, headers: [...acao(), ...acah('*')] });
    expect(star).toMatchObject({ allowed: false, chromiumAllowed: true });
    const starCred = preflightCheck(req('GET', ['authorization'], true), { status: 200, headers: [...acao(), ...cred, ...acah('*')] });
    expect(starCred.allowed).toBe(false);
    expect(starCred.chromiumAllowed).toBeUndefined();
    const notListed = preflightCheck(req('GET', ['authorization']), { status: 200, headers: [...acao(), ...acah('x-a')] });
    expect(notListed.chromiumAllowed).toBeUndefined();
  });

  it('has at least 60 cases across this file', () => {
    expect(PREFLIGHT_CASES.length + CORS_CASES.length + PREFLIGHT_NEEDED.length).toBeGreaterThanOrEqual(60);
  });
  it.each(PREFLIGHT_CASES)('%s', (_name, request, status, headers, allowed, fragment) => {
    const verdict = preflightCheck(request, { status, headers });
    expect(verdict.allowed, verdict.reason).toBe(allowed);
    if (fragment) expect(verdict.reason).toContain(fragment);
  });

  it('content-type values decide whether it needs a grant', () => {
    const request = req('POST', ['content-type']);
    expect(preflightCheck(request, { status: 200, headers: acao() }, { 'Content-Type': 'text/plain;charset=utf-8' }).allowed).toBe(true);
    expect(preflightCheck(request, { status: 200, headers: acao() }, { 'content-type': 'application/json' }).allowed).toBe(false);
  });
});

/** The CORS check on actual responses: [name, origin, credentials, headers, allowed]. */
const CORS_CASES: Array<[string, string, 'omit' | 'include', H, boolean]> = [
  ['exact origin', O, 'omit', acao(), true],
  ['exact origin with credentials', O, 'include', [...acao(), ...cred], true],
  ['wildcard', O, 'omit', acao('*'), true],
  ['wildcard with credentials', O, 'include', [...acao('*'), ...cred], false],
  ['null origin granted', 'null', 'omit', acao('null'), true],
  ['null origin vs other', O, 'omit', acao('null'), false],
  ['upper-case scheme', O, 'omit', acao('HTTPS://app.example.com'), false],
  ['path', O, 'omit', acao(`${O}/api`), false],
  ['ACAC TRUE', O, 'include', [...acao(), ['Access-Control-Allow-Credentials', 'TRUE']], false],
  ['ACAC ignored without credentials', O, 'omit', [...acao(), ['Access-Control-Allow-Credentials', 'yes']], true],
];

describe('corsCheckHeaders', () => {
  it.each(CORS_CASES)('%s', (_name, origin, credentials, headers, allowed) => {
    expect(corsCheckHeaders(headers, origin, credentials).allowed).toBe(allowed);
  });
});

/** [name, request, header values, needs a preflight]. */
const PREFLIGHT_NEEDED: Array<[string, CorsRequest, Record<string, string> | undefined, boolean]> = [
  ['GET', req('GET'), undefined, false],
  ['get is normalised', req('get'), undefined, false],
  ['HEAD', req('HEAD'), undefined, false],
  ['POST form', req('POST', ['Content-Type']), { 'Content-Type': 'application/x-www-form-urlencoded' }, false],
  ['POST multipart', req('POST', ['content-type']), { 'content-type': 'multipart/form-data; boundary=x' }, false],
  ['POST JSON', req('POST', ['content-type']), { 'content-type': 'application/json' }, true],
  ['POST content-type without value', req('POST', ['content-type']), undefined, true],
  ['content-type with unsafe byte', req('POST', ['content-type']), { 'content-type': 'text/plain; a="b"' }, true],
  ['PATCH', req('PATCH'), undefined, true],
  ['PUT', req('PUT'), undefined, true],
  ['custom header', req('GET', ['x-requested-with']), undefined, true],
  ['Accept', req('GET', ['Accept']), { Accept: 'application/json' }, false],
  ['Accept-Language', req('GET', ['accept-language']), { 'accept-language': 'en-US,en;q=0.9' }, false],
  ['Accept value over 128 bytes', req('GET', ['accept']), { accept: 'a'.repeat(129) }, true],
  ['Range simple', req('GET', ['range']), { range: 'bytes=0-99' }, false],
  ['Range suffix', req('GET', ['range']), { range: 'bytes=-500' }, true],
  ['forbidden header only', req('GET', ['cookie']), undefined, false],
  ['Authorization', req('GET', ['Authorization']), undefined, true],
];

describe('needsPreflight', () => {
  it.each(PREFLIGHT_NEEDED)('%s', (_name, request, values, expected) => {
    expect(needsPreflight(request, values)).toBe(expected);
  });

  it('safelisted values over 1024 bytes in total make them unsafe', () => {
    const values = { accept: 'a'.repeat(128) };
    // Appending Accept nine times (Headers.append) passes 1024 bytes of safelisted values.
    expect(needsPreflight(req('GET', Array(8).fill('accept')), values)).toBe(false);
    expect(unsafeRequestHeaderNames({ headers: Array(9).fill('accept') }, values)).toEqual(['accept']);
  });
});

describe('preflight request formatting', () => {
  it('formats Access-Control-Request-Headers the way browsers do', () => {
    const headers = preflightRequestHeaders(req('put', ['X-B', 'Content-Type', 'x-a', 'X-A', 'accept']), { 'content-type': 'application/json' });
    expect(headers).toEqual({
      Accept: '*/*',
      Origin: O,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'content-type,x-a,x-b',
    });
  });

  it('keeps an unusual method as written and omits ACRH when nothing is unsafe', () => {
    expect(preflightRequestHeaders(req('patch'))).toEqual({ Accept: '*/*', Origin: O, 'Access-Control-Request-Method': 'patch' });
    expect(normalizeMethod('options')).toBe('OPTIONS');
  });
});

describe('Access-Control-Max-Age', () => {
  it.each([
    ['absent', [], 5, 5],
    ['600', [['Access-Control-Max-Age', '600']], 600, 600],
    ['7200', [['Access-Control-Max-Age', '7200']], 7200, 7200],
    ['864000 capped', [['Access-Control-Max-Age', '864000']], 7200, 86400],
    // Chromium parses an int64 and treats a negative one as 0 (seen in the browser suite).
    ['negative', [['Access-Control-Max-Age', '-1']], 0, 0],
    ['minus zero', [['Access-Control-Max-Age', '-0']], 0, 0],
    ['fraction', [['Access-Control-Max-Age', '1.5']], 5, 0],
    ['two lines', [['Access-Control-Max-Age', '10'], ['Access-Control-Max-Age', '20']], 5, 0],
    ['zero', [['Access-Control-Max-Age', '0']], 0, 0],
  ] as Array<[string, H, number, number]>)('%s', (_name, headers, chromium, firefox) => {
    expect(maxAgeOf(headers)).toEqual({ chromium, firefox });
    expect(preflightCheck(req('PUT'), { status: 200, headers: [...acao(), ...acam('PUT'), ...headers] }).maxAgeSeconds).toEqual({ chromium, firefox });
  });
});

describe('readableResponseHeaders', () => {
  const base: H = [['Content-Type', 'application/json'], ['X-Request-Id', '1'], ['Set-Cookie', 'a=b'], ['Authorization', 'x'], ['ETag', '"1"']];
  it.each([
    ['no ACEH: safelisted only', [], 'omit', ['content-type']],
    ['ACEH names', [['Access-Control-Expose-Headers', 'x-request-id, ETag']], 'omit', ['content-type', 'x-request-id', 'etag']],
    ['ACEH * without credentials: all but Set-Cookie', [['Access-Control-Expose-Headers', '*']], 'omit', ['content-type', 'x-request-id', 'authorization', 'etag', 'access-control-expose-headers']],
    ['ACEH * with credentials is literal', [['Access-Control-Expose-Headers', '*']], 'include', ['content-type']],
    ['Set-Cookie can never be exposed', [['Access-Control-Expose-Headers', 'Set-Cookie']], 'include', ['content-type']],
    ['unparsable ACEH exposes nothing', [['Access-Control-Expose-Headers', 'x-request-id etag']], 'omit', ['content-type']],
  ] as Array<[string, H, 'omit' | 'include', string[]]>)('%s', (_name, extra, credentials, expected) => {
    expect(readableResponseHeaders([...base, ...extra], credentials)).toEqual(expected);
  });
});
