import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerValues, listItems, trimHttpWhitespace } from '../../src/cors/headers.js';
import { parseMaxAge, toCorsView } from '../../src/observe/cors-view.js';
import type { ProbeSpec } from '../../src/model/probe.js';

/** Header names as servers send them: any casing, CORS names over-represented. */
const headerName = fc.oneof(
  fc.constantFrom('Access-Control-Allow-Origin', 'access-control-allow-origin', 'ACCESS-CONTROL-ALLOW-CREDENTIALS', 'Access-Control-Allow-Credentials', 'Vary', 'vary', 'Access-Control-Max-Age', 'Access-Control-Allow-Methods', 'Location'),
  fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/),
);
/** Values as the transport hands them over: any latin1 text (undici decodes bytes one to one). */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 40 });
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 });

const probe: ProbeSpec = { id: 'simple:arbitrary-origin', method: 'GET', url: 'https://api.example.com/', origin: 'https://corscan-attacker.example', headers: {}, families: ['arbitrary-origin'] } as unknown as ProbeSpec;

describe('header parsing properties', () => {
  it('headerValues keeps every matching line, in order, trimmed, whatever the casing of the name asked for', () => {
    fc.assert(
      fc.property(headers, headerName, (list, name) => {
        // Fetch strips HTTP tab-or-space only (a no-break space stays part of the value).
        const expected = list.filter(([key]) => key.toLowerCase() === name.toLowerCase()).map(([, value]) => value.replace(/^[\t ]+/, '').replace(/[\t ]+$/, ''));
        expect(headerValues(list, name)).toEqual(expected);
        expect(headerValues(list, name.toUpperCase())).toEqual(expected);
      }),
    );
  });

  it('listItems yields trimmed, non-empty items, comma-free outside quotes, and round-trips a joined list', () => {
    const unquoted = fc.string({ unit: fc.constantFrom('a', 'B', '-', ',', ' ', '\t'), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(unquoted, { maxLength: 5 }), (lines) => {
        for (const item of listItems(lines.map((line) => ['X-List', line]), 'x-list')) {
          expect(item).not.toBe('');
          expect(item).not.toContain(',');
          expect(item).toBe(trimHttpWhitespace(item));
        }
      }),
    );
    const token = fc.stringMatching(/^[A-Za-z0-9-]{1,10}$/);
    const asLines = (lines: string[]): [string, string][] => lines.map((line) => ['X-List', line]);
    fc.assert(fc.property(fc.array(token, { maxLength: 6 }), fc.constantFrom(',', ', ', ' ,  '), (items, separator) => {
      expect(listItems(asLines([items.join(separator)]), 'x-list')).toEqual(items);
      expect(listItems(asLines(items), 'x-list')).toEqual(items);
    }));
  });

  it('parseMaxAge accepts exactly one line of digits and nothing else', () => {
    fc.assert(fc.property(fc.nat(), (seconds) => void expect(parseMaxAge([String(seconds)])).toBe(seconds)));
    fc.assert(
      fc.property(fc.array(headerValue, { maxLength: 3 }), (lines) => {
        const parsed = parseMaxAge(lines);
        if (lines.length === 1 && /^\d+$/.test(lines[0]!)) expect(parsed).toBe(Number(lines[0]));
        else expect(parsed).toBeNull();
      }),
    );
    fc.assert(fc.property(fc.nat(), fc.nat(), (a, b) => void expect(parseMaxAge([String(a), String(b)])).toBeNull()));
  });

  it('toCorsView never throws and agrees with the Fetch rules for ACAO, ACAC and Vary', () => {
    fc.assert(
      fc.property(headers, fc.integer({ min: 100, max: 599 }), (list, status) => {
        const view = toCorsView({ probe, response: { status, headers: list }, durationMs: 1 });
        const acac = headerValues(list, 'access-control-allow-credentials');
        expect(view.allowOrigin).toEqual(headerValues(list, 'access-control-allow-origin'));
        // Credentials only with exactly one line, exactly `true` (case-sensitive).
        expect(view.allowCredentials).toBe(acac.length === 1 && acac[0] === 'true');
        for (const token of view.vary) expect(token).toBe(token.toLowerCase());
        expect(view.headers).toBe(list);
        expect(view.status).toBe(status);
      }),
    );
  });
});
