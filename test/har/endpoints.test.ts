import { describe, expect, it } from 'vitest';
import { harEndpoints, mergeUsage } from '../../src/har/endpoints.js';
import { isIdSegment, urlTemplate } from '../../src/har/url-template.js';

const PAGE = 'https://app.example.com';
const API = 'https://api.example.com';

type Entry = Record<string, unknown>;
const entry = (method: string, url: string, headers: Record<string, string> = { Origin: PAGE }, extra: Entry = {}): Entry => ({
  request: { method, url, headers: Object.entries(headers).map(([name, value]) => ({ name, value })) },
  response: { status: 200, headers: [] },
  ...extra,
});
const endpointsOf = (entries: unknown[], keepQuery = false, pages?: unknown[]) =>
  harEndpoints({ entries, ...(pages ? { pages } : {}) }, { source: 'session.har', keepQuery });

describe('URL templates', () => {
  it.each([
    ['17', true],
    ['3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e', true],
    ['3F2B8C1E-4D5A-4B6C-8D7E-9F0A1B2C3D4E', true],
    ['5f2b1c9e8d7a6b5c4d3e2f1a', true],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAV', true],
    ['items', false],
    ['v2', false],
    ['deadbeef', false],
    ['me', false],
    ['', false],
  ])('%s is an id: %s', (segment, id) => {
    expect(isIdSegment(segment)).toBe(id);
  });

  it('collapses id segments and drops the query unless kept', () => {
    const url = new URL(`${API}/v1/teams/7/members/01ARZ3NDEKTSV4RRFFQ69G5FAV?page=2#top`);
    expect(urlTemplate(url, false)).toBe(`${API}/v1/teams/{id}/members/{id}`);
    expect(urlTemplate(url, true)).toBe(`${API}/v1/teams/{id}/members/{id}?page=2`);
  });
});

describe('HAR entries → endpoints', () => {
  it('groups requests by URL template, with methods, unsafe header names, credentials and pages', () => {
    const { endpoints, counts } = endpointsOf([
      entry('GET', `${API}/items/17?access_token=secret`, { Origin: PAGE, Cookie: 'session=s1', Accept: 'application/json' }),
      entry('PUT', `${API}/items/42`, { Origin: PAGE, Cookie: 'session=s2', 'Content-Type': 'application/json', 'X-CSRF-Token': 't', 'User-Agent': 'Chrome', 'sec-ch-ua': '"x"', Pragma: 'no-cache' }),
      entry('post', `${API}/items/42`, { Origin: 'https://admin.example.com', 'Content-Type': 'text/plain' }),
    ]);
    expect(counts).toMatchObject({ entries: 3, requests: 3, targets: 1 });
    expect(endpoints).toHaveLength(1);
    const [endpoint] = endpoints;
    // The first recorded URL is scanned, without its query.
    expect(endpoint!.url).toBe(`${API}/items/17`);
    expect(endpoint!.usage).toMatchObject({
      endpoint: `${API}/items/{id}`,
      requests: 3,
      pageOrigins: ['https://admin.example.com', PAGE],
      methods: ['GET', 'POST', 'PUT'],
      headers: ['content-type', 'x-csrf-token'],
      credentials: true,
    });
    expect(endpoint!.usage.calls).toEqual([
      { method: 'POST', headers: [], credentials: 'omit', page: 'https://admin.example.com' },
      { method: 'GET', headers: [], credentials: 'include', page: PAGE },
      { method: 'PUT', headers: ['content-type', 'x-csrf-token'], credentials: 'include', page: PAGE },
    ]);
    // The latest values are kept for --har-credentials; they never enter the usage.
    expect(endpoint!.credentialHeaders).toEqual({ Cookie: 'session=s2' });
    expect(JSON.stringify(endpoint!.usage)).not.toMatch(/session=|secret/);
  });

  it('--har-keep-query: one endpoint per distinct query, credential values replaced', () => {
    const entries = [entry('GET', `${API}/search?q=a`), entry('GET', `${API}/search?q=b&access_token=secret1&API_KEY=secret2`)];
    expect(endpointsOf(entries).endpoints).toHaveLength(1);
    const kept = endpointsOf(entries, true).endpoints;
    expect(kept.map((e) => e.url)).toEqual([`${API}/search?q=a`, `${API}/search?q=b&access_token=redacted&API_KEY=redacted`]);
    expect(JSON.stringify(kept)).not.toContain('secret');
  });

  it('knows whether the HAR kept credentials at all (a sanitized export holds no Cookie or Authorization)', () => {
    expect(endpointsOf([entry('GET', `${API}/me`)]).credentialsRecorded).toBe(false);
    expect(endpointsOf([entry('GET', `${API}/me`)]).endpoints[0]!.usage.credentialsRecorded).toBe(false);
    expect(endpointsOf([entry('GET', `${API}/me`), entry('GET', `${PAGE}/`, { Cookie: 'a=b' })]).endpoints[0]!.usage.credentialsRecorded).toBe(true);
  });

  it('takes the page origin from Origin, else Referer, else the page URL (Chrome puts it in pages[].title)', () => {
    const { endpoints, counts } = endpointsOf(
      [
        entry('GET', `${API}/a`, { Origin: 'https://one.example.com' }),
        entry('GET', `${API}/b`, { Referer: 'https://two.example.com/cart?id=1' }),
        entry('GET', `${API}/c`, {}, { pageref: 'page_1' }),
        entry('GET', `${API}/d`, { Origin: 'null' }),
      ],
      false,
      [{ id: 'page_1', title: 'https://three.example.com/shop' }],
    );
    expect(endpoints.map((e) => e.usage.pageOrigins[0])).toEqual(['https://one.example.com', 'https://two.example.com', 'https://three.example.com']);
    expect(counts.noPage).toBe(1);
  });

  it('a recorded preflight stands for the call it asked about', () => {
    const { endpoints } = endpointsOf([
      entry('OPTIONS', `${API}/orders/9`, { Origin: PAGE, 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'x-csrf-token,content-type' }),
    ]);
    expect(endpoints[0]!.usage.calls).toEqual([{ method: 'DELETE', headers: ['content-type', 'x-csrf-token'], credentials: 'omit', page: PAGE }]);
  });

  it('leaves out and counts same-origin, data:/blob:/extension, cached, page-less and broken entries, never failing', () => {
    const { endpoints, counts } = endpointsOf([
      entry('GET', `${PAGE}/app.js`, { Referer: `${PAGE}/` }),
      entry('GET', 'data:text/plain,hello'),
      entry('GET', 'blob:https://app.example.com/5d1c'),
      entry('GET', 'chrome-extension://abcdef/script.js'),
      entry('GET', `${API}/cached`, { Origin: PAGE }, { _fromCache: 'memory' }),
      entry('GET', `${API}/navigation`, {}),
      entry('GET', 'http://[::1'),
      entry('GET', 'not a url'),
      { request: { method: 'GET' } },
      null,
      'entry',
      entry('GET', `${API}/ok`),
    ]);
    expect(counts).toEqual({ entries: 12, requests: 1, targets: 1, sameOrigin: 1, notHttp: 3, cached: 1, noPage: 1, broken: 5 });
    expect(endpoints.map((e) => e.url)).toEqual([`${API}/ok`]);
  });

  it('merges the usage of one endpoint recorded twice', () => {
    const [a] = endpointsOf([entry('GET', `${API}/me`, { Origin: PAGE, Cookie: 'c=1' })]).endpoints;
    const [b] = endpointsOf([entry('PATCH', `${API}/me`, { Origin: 'https://admin.example.com', 'X-Token': 't' })]).endpoints;
    expect(mergeUsage(a!.usage, b!.usage)).toMatchObject({ requests: 2, pageOrigins: ['https://admin.example.com', PAGE], methods: ['GET', 'PATCH'], headers: ['x-token'], credentials: true });
  });
});
