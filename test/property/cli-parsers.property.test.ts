import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHeaders } from '../../src/cli/options/options.js';
import { normaliseTarget, quoteInput } from '../../src/cli/inputs/targets.js';
import { parseResolve } from '../../src/http/resolve.js';
import { UsageError } from '../../src/model/errors.js';

const FORBIDDEN = new Set(['origin', 'connection', 'content-length', 'expect', 'host', 'keep-alive', 'transfer-encoding', 'upgrade']);
const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/).filter((name) => !FORBIDDEN.has(name.toLowerCase()));
const oneLineValue = fc.string({ maxLength: 40 }).filter((value) => !/[\r\n\0]/.test(value));

/** Runs `fn`; any error other than a UsageError fails the property. */
function usageOnly<T>(fn: () => T): T | UsageError {
  try {
    return fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
}

describe('--header parser properties', () => {
  it('accepts Name: value for any token name and one-line value', () => {
    fc.assert(fc.property(token, oneLineValue, (name, value) => void expect(parseHeaders([`${name}: ${value}`])).toEqual({ [name]: value.trim() })));
  });

  it('keeps a header named __proto__ (a counterexample fast-check found)', () => {
    expect(Object.keys(parseHeaders(['__proto__: x', 'constructor: y']))).toEqual(['__proto__', 'constructor']);
  });

  it('any input either parses or is a UsageError; CR, LF and NUL in a value are refused', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (input) => void usageOnly(() => parseHeaders([input]))));
    fc.assert(
      fc.property(token, oneLineValue, fc.constantFrom('\r', '\n', '\0', '\r\n'), oneLineValue, (name, before, bad, after) => {
        const value = `${before}${bad}${after}`;
        fc.pre(value.trim().includes(bad.trim() || bad));
        expect(() => parseHeaders([`${name}: ${value}`])).toThrow(UsageError);
      }),
    );
  });

  it('a refused --header never echoes what follows its first word (it may be a token)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9+/=]{6,30}$/).map((s) => `SECRET${s}`);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z-]{0,15}$/), fc.constantFrom(' ', '\t', ' Bearer ', '\r\n'), secret, (name, separator, value) => {
        const result = usageOnly(() => parseHeaders([`${name}${separator}${value}`]));
        if (result instanceof UsageError) expect(result.message).not.toContain('SECRET');
      }),
    );
  });
});

describe('--resolve parser properties', () => {
  const host = fc.domain();
  const port = fc.integer({ min: 1, max: 65535 });
  it('round-trips host:port:IPv4 and host:port:[IPv6]', () => {
    fc.assert(fc.property(host, port, fc.ipV4(), (h, p, address) => void expect(parseResolve(`${h}:${p}:${address}`)).toEqual({ host: h.toLowerCase(), port: p, address })));
    fc.assert(fc.property(host, port, fc.ipV6(), (h, p, address) => void expect(parseResolve(`${h}:${p}:[${address}]`)).toEqual({ host: h.toLowerCase(), port: p, address })));
  });

  it('out-of-range ports and non-addresses are UsageErrors, any text never crashes', () => {
    fc.assert(fc.property(host, fc.oneof(fc.constant(0), fc.integer({ min: 65536, max: 99999 })), (h, p) => void expect(() => parseResolve(`${h}:${p}:127.0.0.1`)).toThrow(UsageError)));
    fc.assert(fc.property(host, port, fc.domain(), (h, p, name) => void expect(() => parseResolve(`${h}:${p}:${name}`)).toThrow(UsageError)));
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (input) => void usageOnly(() => parseResolve(input))));
  });
});

describe('target normalisation properties', () => {
  const httpUrl = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true });

  it('http(s) URLs normalise to an http(s) URL without fragment, idempotently', () => {
    fc.assert(
      fc.property(httpUrl, (input) => {
        fc.pre(!new URL(input).username && !new URL(input).password);
        const target = normaliseTarget(input);
        const url = new URL(target);
        expect(['http:', 'https:']).toContain(url.protocol);
        expect(url.hash).toBe('');
        expect(normaliseTarget(target)).toBe(target);
      }),
    );
  });

  it('URLs with credentials are refused without echoing the password', () => {
    fc.assert(
      fc.property(httpUrl, fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[A-Za-z0-9]{4,12}$/), (input, user, password) => {
        const url = new URL(input);
        url.username = user;
        url.password = `PW${password}`;
        const result = usageOnly(() => normaliseTarget(url.href));
        expect(result).toBeInstanceOf(UsageError);
        expect((result as UsageError).message).not.toContain(`PW${password}`);
      }),
    );
  });

  it('any text is a target or a one-line UsageError without control bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 })), (input) => {
        const result = usageOnly(() => normaliseTarget(input));
        if (typeof result === 'string') expect(['http:', 'https:']).toContain(new URL(result).protocol);
        else expect(result.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
    );
  });

  it('quoteInput is one printable line of bounded length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        const quoted = quoteInput(input);
        expect(quoted).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(quoted.length).toBeLessThanOrEqual(2 + 6 * 101);
      }),
    );
  });
});
