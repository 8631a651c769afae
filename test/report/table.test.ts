import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';
import { wrap } from '../../src/report/wrap.js';
import { makeFinding, makeReport, makeTarget } from '../helpers/report-fixture.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (line: string) => line.replace(ANSI, '');
const LONG_RULE = 'wildcard-methods-headers-credentials';

function sampleReport() {
  const a = 'https://api.example.test/';
  const b = 'https://other.example.test/v1/items';
  return makeReport(
    [makeTarget({ url: a }), makeTarget({ url: b, trustedOrigins: { declared: [], learned: ['https://app.example.test'] } })],
    [
      makeFinding({ target: a, severity: 'low', ruleId: 'missing-vary', message: 'GET responses carry an Access-Control-Allow-Origin that changes with the request Origin, without Vary: Origin.' }),
      makeFinding({ target: a }),
      makeFinding({ target: a, severity: 'high', ruleId: 'null-origin', message: 'Origin null is granted with credentials.' }),
      makeFinding({
        target: b,
        severity: 'medium',
        ruleId: LONG_RULE,
        message: 'Access-Control-Allow-Methods: * is sent with Access-Control-Allow-Credentials: true, where browsers read "*" literally; a credentialed preflight fails.',
      }),
    ],
  );
}

describe('wrap', () => {
  it('breaks at spaces, after commas in a long list, and cuts only what has neither', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('methods GET,HEAD,POST,PUT,PATCH,DELETE allowed', 16)).toEqual(['methods GET,', 'HEAD,POST,PUT,', 'PATCH,DELETE', 'allowed']);
    expect(wrap('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(wrap('a\nb   c', 80)).toEqual(['a b c']);
    expect(wrap('', 10)).toEqual(['']);
  });
});

describe('table report', () => {
  it('gives each target one header line, one line per short finding worst first, and one fix block', () => {
    const text = renderTable(sampleReport(), { color: false, columns: 160 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('https://api.example.test/ scanned · 40 requests · 1 critical, 1 high, 1 low');
    const findingLines = lines.filter((line) => /^ {2}(critical|high|medium|low|info) /.test(line));
    expect(findingLines.map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'critical origin-reflection',
      'high null-origin',
      'low missing-vary',
      `medium ${LONG_RULE}`,
    ]);
    expect(text.match(/How to fix/g)).toHaveLength(2);
    // The corrected headers and the policy command once per target, not under every finding.
    expect(text.match(/Access-Control-Allow-Origin: https:\/\/app\.example\.test/g)).toHaveLength(2);
    expect(text).toContain('$ corscan policy --origin https://app.example.test --credentials --framework <express|nginx|…>');
    expect(text).not.toContain('curl ');
    expect(text).not.toContain('simple:arbitrary-origin');
    expect(text.trimEnd().split('\n').at(-1)).toBe('2 targets scanned, 80 requests in 1234 ms: 1 critical, 1 high, 1 medium, 1 low');
  });

  it.each([40, 50, 60, 80, 100, 140])('is never wider than %i columns, in colour too, and never cuts a rule id', (columns) => {
    for (const color of [false, true]) {
      const text = renderTable(sampleReport(), { color, columns, verbose: true });
      for (const line of text.split('\n')) expect(visible(line).length, line).toBeLessThanOrEqual(columns);
      for (const rule of ['origin-reflection', 'null-origin', 'missing-vary', LONG_RULE]) expect(visible(text)).toMatch(new RegExp(`(^|\\s)${rule}(\\s|$)`, 'm'));
    }
  });

  it('shows evidence (probe ids, curl lines) only with verbose', () => {
    const text = renderTable(sampleReport(), { color: false, columns: 200, verbose: true });
    expect(text).toContain('probe simple:arbitrary-origin');
    expect(text).toContain("curl -sS -D - -o /dev/null -H 'Origin: https://attacker.example' 'https://api.example.test/'");
  });

  it('prints the framework snippet in the fix block with --framework', () => {
    const text = renderTable(sampleReport(), { color: false, columns: 120, framework: 'express' });
    expect(text).toContain('    Fix for Express (cors):');
    expect(text).toContain('$ corscan policy --origin https://app.example.test --credentials --framework express');
  });

  it('says which rules could not run on an IP target with no domain, and how to make them run', () => {
    const reason = 'the target is an IPv4 address and no trusted origin has a domain name: there is no domain to imitate';
    const target = makeTarget({
      url: 'http://127.0.0.1:8080/',
      trustedOrigins: { declared: [], learned: [] },
      outcomes: [
        { ruleId: 'suffix-match', status: 'not-applicable', reason },
        { ruleId: 'prefix-match', status: 'not-applicable', reason },
        { ruleId: 'insecure-scheme', status: 'not-applicable', reason: 'the target itself is served over plain http' },
        { ruleId: 'origin-reflection', status: 'pass' },
      ],
    });
    const text = renderTable(makeReport([target], []), { color: false, columns: 100 });
    expect(text).toContain('http://127.0.0.1:8080/ scanned · 40 requests · no findings');
    expect(text.replace(/\n\s+/g, ' ')).toContain(`not checked: suffix-match, prefix-match (${reason}; name your front end with --trusted-origin https://your-front-end to check them)`);
    // A rule that does not apply by nature is no gap in the check.
    expect(text).not.toContain('insecure-scheme');
  });

  it('caps a hostile 60 KB header value and 2,000 header lines, and escapes CSI', () => {
    const huge = `https://${'a'.repeat(60_000)}.example`;
    const lines: [string, string][] = Array.from({ length: 2000 }, (_, i) => ['Access-Control-Allow-Origin', `https://o${i}.example`]);
    const finding = makeFinding({
      ruleId: 'invalid-acao',
      severity: 'medium',
      message: `Access-Control-Allow-Origin "${huge}" is not a serialized origin \u009b2J\u001b[31m.`,
      data: { value: huge },
      evidence: [{ probeId: 'simple:x', request: { method: 'GET', url: 'https://api.example.test/', headers: {} }, response: { status: 200, headers: lines }, curl: 'curl x' }],
    });
    const text = renderTable(makeReport([makeTarget()], [finding]), { color: false, columns: 100, verbose: true });
    expect(text.length).toBeLessThan(5000);
    expect(text.replace(/\n\s+/g, '')).toContain(`${'a'.repeat(192)}…(${huge.length} bytes)`);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\u009b2J');
  });
});
