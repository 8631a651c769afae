import { describe, expect, it } from 'vitest';
import { originAfterRedirect, redirectHopCheck, requestAfterRedirect } from '../../src/cors/redirect.js';

const PAGE = 'https://app.example.com';

describe('originAfterRedirect (Fetch tainted origin flag)', () => {
  it.each([
    ['same-origin hop keeps the origin', 'https://api.example.com/a', 'https://api.example.com/b', PAGE],
    ['hop away from a foreign origin taints it', 'https://api.example.com/a', 'https://cdn.example.com/b', 'null'],
    ['hop from the page origin to another keeps it', `${PAGE}/a`, 'https://api.example.com/b', PAGE],
    ['hop back to the page origin from a foreign one taints it', 'https://api.example.com/a', `${PAGE}/b`, 'null'],
    ['scheme change is a different origin', 'https://api.example.com/a', 'http://api.example.com/b', 'null'],
  ])('%s', (_name, from, to, expected) => {
    expect(originAfterRedirect(PAGE, from, to)).toBe(expected);
  });

  it('stays null once tainted', () => {
    expect(originAfterRedirect('null', 'https://a.example/x', 'https://a.example/y')).toBe('null');
  });
});

describe('redirectHopCheck', () => {
  it('runs the CORS check on the redirect response', () => {
    expect(redirectHopCheck([['Access-Control-Allow-Origin', PAGE]], PAGE, 'omit').allowed).toBe(true);
    const blocked = redirectHopCheck([], PAGE, 'omit');
    expect(blocked.allowed).toBe(false);
    expect(blocked.reason).toMatch(/^redirect response fails the CORS check/);
    expect(redirectHopCheck([['Access-Control-Allow-Origin', PAGE]], PAGE, 'include').allowed).toBe(false);
  });
});

describe('requestAfterRedirect', () => {
  it.each([
    ['POST', 301, 'GET'],
    ['POST', 302, 'GET'],
    ['PUT', 302, 'PUT'],
    ['PUT', 303, 'GET'],
    ['HEAD', 303, 'HEAD'],
    ['POST', 307, 'POST'],
    ['PUT', 308, 'PUT'],
  ] as const)('%s after %i is %s', (method, status, expected) => {
    expect(requestAfterRedirect({ method, headers: [] }, status).method).toBe(expected);
  });

  it('drops the request-body headers with the body, and keeps the others', () => {
    const request = { method: 'POST', headers: ['Content-Type', 'X-Custom', 'content-language'] };
    expect(requestAfterRedirect(request, 301).headers).toEqual(['X-Custom']);
    expect(requestAfterRedirect(request, 307).headers).toEqual(request.headers);
  });
});
