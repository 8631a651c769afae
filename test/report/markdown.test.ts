import { describe, expect, it } from 'vitest';
import { codeSpan, MAX_MARKDOWN_BYTES, renderMarkdown } from '../../src/report/markdown.js';
import { makeFinding, makeReport, makeTarget } from '../helpers/report-fixture.js';

const HOSTILE = '![x](http://evil.example/a.png)[Approve](http://evil.example/approve)';

/** The text of a line with code spans and backslash escapes removed: what Markdown would still interpret. */
function live(line: string): string {
  return line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '').replace(/\\[\\`*_{}[\]()!|~]/g, '');
}

describe('markdown report', () => {
  it('shows a hostile header value as inert text: no image, no link, no HTML', () => {
    const finding = makeFinding({
      ruleId: 'invalid-acao',
      message: `Access-Control-Allow-Origin "${HOSTILE}" is invalid; also <img src=x> and ${HOSTILE} in prose.`,
      data: { value: HOSTILE },
    });
    const text = renderMarkdown(makeReport([makeTarget()], [finding]), { color: false });
    const row = text.split('\n').find((line) => line.includes('invalid-acao'))!;
    expect(row).toContain(codeSpan(HOSTILE));
    const rest = live(row.replace(/\[`invalid-acao`\]\([^)]*\)/, ''));
    expect(rest).not.toMatch(/[[\]<]/);
    expect(row).toContain('&lt;img src=x&gt;');
  });

  it('fences values holding backticks and keeps pipes from splitting the cell', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    const value = 'https://a.example | https://b.example `x`';
    const finding = makeFinding({ ruleId: 'multiple-acao', message: `ACAO holds a list (${value}).`, data: { value } });
    const row = renderMarkdown(makeReport([makeTarget()], [finding]), { color: false }).split('\n').find((line) => line.includes('multiple-acao'))!;
    // Five cell borders: | severity | rule | target | finding |
    expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(5);
  });

  it('escapes C1 controls such as an 8-bit CSI', () => {
    const finding = makeFinding({ message: 'ACAO "\u009b2Jhttps://x.example" is invalid', data: { value: '\u009b2Jhttps://x.example' } });
    const text = renderMarkdown(makeReport([makeTarget()], [finding]), { color: false });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\u009b2J');
  });

  it('lists findings and targets worst first', () => {
    const a = 'https://a.example.test/';
    const b = 'https://b.example.test/';
    const report = makeReport(
      [makeTarget({ url: a }), makeTarget({ url: b })],
      [makeFinding({ target: a, ruleId: 'missing-vary', severity: 'low' }), makeFinding({ target: b, ruleId: 'origin-reflection', severity: 'critical' })],
    );
    const text = renderMarkdown(report, { color: false });
    expect(text.indexOf('| critical |')).toBeLessThan(text.indexOf('| low |'));
    const targets = text.slice(text.indexOf('### Targets'));
    expect(targets.indexOf(b)).toBeLessThan(targets.indexOf(a));
  });

  it('stays under the 1 MiB step-summary limit however long the rows, and says what it left out', () => {
    const targets = Array.from({ length: 400 }, (_, i) => makeTarget({ url: `https://api.example.test/${'p'.repeat(6000)}/${i}` }));
    const findings = targets.map((target) => makeFinding({ target: target.url, message: 'x'.repeat(900) }));
    const text = renderMarkdown(makeReport(targets, findings), { color: false });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_MARKDOWN_BYTES);
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    expect(text).toMatch(/…and \d+ more (findings|targets); see the JSON report\./);
  });

  it('caps a 60 KB server value at 200 characters with its size', () => {
    const huge = `https://${'a'.repeat(60_000)}.example`;
    const finding = makeFinding({ ruleId: 'invalid-acao', message: `ACAO "${huge}" is invalid.`, data: { value: huge } });
    const text = renderMarkdown(makeReport([makeTarget()], [finding]), { color: false });
    expect(text.length).toBeLessThan(3000);
    expect(text).toContain(`…(${huge.length} bytes)`);
  });
});
