import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corsCheckHeaders } from '../../src/cors/check.js';
import { extractTokenList, headerValues, listItems, trimHttpWhitespace } from '../../src/cors/headers.js';
import { describeOriginDefect, isSerializedOrigin } from '../../src/cors/origin.js';
import { exposedHeaderNames, maxAgeOf, preflightCheck } from '../../src/cors/preflight.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { ProbeSpec } from '../../src/model/probe.js';
import { observe, toCorsView } from '../../src/observe/cors-view.js';
import { PROBE_FAMILIES } from '../../src/probe/families.js';
import { planProbes } from '../../src/probe/plan.js';
import { describeSite } from '../../src/probe/site.js';
import { RULES } from '../../src/rules/index.js';
import { CORS_RESPONSE_HEADERS } from '../../src/fix/policy.js';

/**
 * Issue 14.7: server text is parsed in time linear in its length. A trim regex
 * (`/^[\t ]+|[\t ]+$/`) retried from every position of a whitespace run made one
 * 20 KB Access-Control-Expose-Headers cost 69 s, a 64 KB one most of an hour. The
 * bound is a watchdog far above the linear cost (milliseconds per megabyte for the
 * parsers), not a benchmark: a quadratic path misses it by hours, not by noise.
 */
const BOUND_MS = 1_000;
const MEGABYTE = 1 << 20;
/** The most header bytes the transport accepts from a server (undici maxHeaderSize). */
const RESPONSE_HEADER_BYTES = 64 * 1024;

/** Every header the CORS view, src/cors or a rule parses. */
const PARSED_HEADERS = [
  ...CORS_RESPONSE_HEADERS,
  'Access-Control-Allow-Private-Network',
  'Vary',
  'Location',
  'Strict-Transport-Security',
];

const site = describeSite('https://api.victim.test/v1/me');
/** One probe of every family, so every rule has a response to judge. */
const probes: ProbeSpec[] = (() => {
  const families = PROBE_FAMILIES.map((family) => family.name);
  const all = [...planProbes(site, families, 1), ...planProbes(site, families, 2)];
  return families.flatMap((name) => all.find((spec) => spec.families.includes(name)) ?? []);
})();

/** Milliseconds `work` took. */
function timed(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/** Every src/cors parser and the CORS view on `value` as the header `name`. */
function parseHeader(name: string, value: string): void {
  const headers: [string, string][] = [['Access-Control-Allow-Origin', 'https://app.victim.test'], [name, value]];
  corsCheckHeaders(headers, 'https://app.victim.test', 'include');
  preflightCheck({ origin: 'https://app.victim.test', method: 'PUT', headers: ['content-type'], credentials: 'include' }, { status: 200, headers });
  exposedHeaderNames(headers, 'omit');
  extractTokenList(headers, name);
  maxAgeOf(headers);
  for (const line of headerValues(headers, name)) {
    isSerializedOrigin(line);
    describeOriginDefect(line);
  }
  toCorsView({ probe: probes[0]!, response: { status: 200, headers }, durationMs: 1 });
}

/** Every rule on a target whose every probe got `value` as the header `name`. */
function judge(name: string, value: string): void {
  const exchanges: Exchange[] = probes.map((probe) => ({ probe, response: { status: 200, headers: [[name, value]] }, durationMs: 1 }));
  const { outcomes } = evaluate(RULES, observe(site, exchanges));
  expect(outcomes.filter((outcome) => outcome.status === 'error')).toEqual([]);
}

/** Long runs of what list parsers split and trim on, with a few ordinary characters between. */
const hostileValue = (maxBytes: number) =>
  fc
    .array(fc.tuple(fc.constantFrom(' ', '\t', ',', ', ', '"', '\\', '/', ':', ';', '=', 'a', 'GET,'), fc.integer({ min: 1, max: maxBytes / 4 })), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.map(([text, count]) => text.repeat(count)).join('').slice(0, maxBytes));

describe('server text is parsed in linear time (issue 14.7)', () => {
  it('a 1 MB run of tabs and spaces (or slashes) inside a header value parses in well under a second', () => {
    // Growing sizes: a quadratic parser already misses the bound at 4 KB, so the test fails in seconds instead of hanging.
    for (let size = 4096; size <= MEGABYTE; size *= 4) {
      const whitespace = ' \t'.repeat(size / 2);
      for (const value of [`a${whitespace}b`, `a,${whitespace},b${whitespace}`, `"${whitespace}`, `https://a.test${'/'.repeat(size)}x`]) {
        for (const name of PARSED_HEADERS) expect(timed(() => parseHeader(name, value)), `${name}, ${size} bytes`).toBeLessThan(BOUND_MS);
      }
    }
  });

  it('hostile values up to the transport limit go through every parser and every rule in bounded time', () => {
    fc.assert(
      fc.property(hostileValue(RESPONSE_HEADER_BYTES), fc.constantFrom(...PARSED_HEADERS), (value, name) => {
        expect(timed(() => parseHeader(name, value))).toBeLessThan(BOUND_MS);
        expect(timed(() => judge(name, value))).toBeLessThan(BOUND_MS);
      }),
      { numRuns: 20 },
    );
  });

  it('list items are trimmed, non-empty, and the same as splitting a joined list', () => {
    fc.assert(
      fc.property(hostileValue(4096), (value) => {
        const items = listItems([['Vary', value]], 'vary');
        for (const item of items) expect(item).toBe(trimHttpWhitespace(item));
        expect(items).not.toContain('');
        // Two lines are combined with ", " first: without quotes, that is the two lists in a row.
        if (!value.includes('"')) expect(listItems([['Vary', value], ['Vary', value]], 'vary')).toEqual([...items, ...items]);
      }),
      { numRuns: 50 },
    );
  });
});
