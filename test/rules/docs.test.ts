import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeSite } from '../../src/probe/site.js';
import { repositoryWebUrl, ruleDocsUrl } from '../../src/rules/shared/docs-url.js';
import { RULES } from '../../src/rules/index.js';

const DOCS = new URL('../../docs/rules/', import.meta.url);
const pages = readdirSync(DOCS).filter((name) => name.endsWith('.md'));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { repository: { url: string } };

describe('rule documentation (docs/rules/<id>.md)', () => {
  it('every rule has its page and every page a rule', () => {
    expect(pages.map((name) => name.replace(/\.md$/, '')).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: the page names the rule and has every section', (id, rule) => {
    const text = readFileSync(new URL(`${id}.md`, DOCS), 'utf8');
    expect(text.startsWith(`# \`${id}\`: ${rule.meta.title}\n`)).toBe(true);
    for (const section of ['## What holds', '## Why browsers care', '## How to fix', '## The probes that show it', '## References']) expect(text).toContain(`\n${section}\n`);
    expect(text).not.toContain('undefined');
  });

  it('links are absolute URLs of the page in the repository package.json names, never a relative README anchor', () => {
    expect(pkg.repository.url).toBe('git+https://github.com/corscan/corscan.git');
    expect(repositoryWebUrl(pkg.repository)).toBe('https://github.com/corscan/corscan');
    expect(repositoryWebUrl('https://gitlab.com/o/r.git')).toBe('https://gitlab.com/o/r');
    expect(ruleDocsUrl('null-origin')).toBe('https://github.com/corscan/corscan/blob/main/docs/rules/null-origin.md');
  });
});

describe('rule fixes live with the rules', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s has its own fix', (_id, rule) => {
    expect(typeof rule.fix).toBe('function');
    const fix = rule.fix({}, describeSite('https://api.example.com/', ['https://app.example.com']));
    expect(fix.advice).not.toBe('');
    expect(['actual', 'preflight']).toContain(fix.answer);
  });
});
