import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeOriginDefect, isSerializedOrigin, originOf } from '../../src/cors/origin.js';

const httpUrl = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true });
const anyText = fc.string({ maxLength: 60 });

describe('origin helper properties', () => {
  it('originOf of an http(s) URL is a serialized origin, and a fixed point', () => {
    fc.assert(
      fc.property(httpUrl, (url) => {
        const origin = originOf(url);
        expect(origin).not.toBeNull();
        expect(originOf(origin!)).toBe(origin);
        expect(origin).toBe(origin!.toLowerCase());
        expect(origin).not.toMatch(/\/$/);
      }),
    );
  });

  it('isSerializedOrigin(v) implies originOf(v) === v; never throws on any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, httpUrl, httpUrl.map((url) => originOf(url)!)), (value) => {
        if (isSerializedOrigin(value)) expect(originOf(value)).toBe(value);
      }),
    );
  });

  it('a trailing slash, a path, upper case or the default port are never serialized origins, and are explained', () => {
    fc.assert(
      fc.property(httpUrl, fc.constantFrom('slash', 'path', 'upper', 'port'), (url, defect) => {
        const origin = originOf(url)!;
        const { protocol, hostname } = new URL(origin);
        fc.pre(/[a-z]/.test(hostname) || defect !== 'upper');
        const broken = {
          slash: `${origin}/`,
          path: `${origin}/api`,
          upper: origin.toUpperCase(),
          port: new URL(origin).port ? `${origin}` : `${origin}:${protocol === 'https:' ? 443 : 80}`,
        }[defect];
        fc.pre(broken !== origin);
        expect(isSerializedOrigin(broken)).toBe(false);
        expect(describeOriginDefect(broken)).not.toBe('');
      }),
    );
  });

  it('describeOriginDefect never throws and always gives a reason', () => {
    fc.assert(fc.property(anyText, (value) => void expect(describeOriginDefect(value).length).toBeGreaterThan(0)));
  });
});
