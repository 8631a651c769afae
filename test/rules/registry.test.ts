import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBE_FAMILY_NAMES } from '../../src/model/probe.js';
import { PROBE_FAMILIES } from '../../src/probe/families.js';
import { RULES } from '../../src/rules/index.js';

const root = new URL('../../', import.meta.url);

describe('rule registry', () => {
  it('ids are unique kebab-case and equal their file names', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(existsSync(new URL(`src/rules/${id}.ts`, root)), `src/rules/${id}.ts`).toBe(true);
    }
  });

  it('every file directly in src/rules/ is a registered rule (helpers live in sub-folders)', () => {
    const files = readdirSync(new URL('src/rules/', root), { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'index.ts')
      .map((entry) => entry.name.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it('every rule has a test file with its own cases', () => {
    for (const rule of RULES) {
      const path = new URL(`test/rules/${rule.id}.test.ts`, root);
      expect(existsSync(path), `test/rules/${rule.id}.test.ts`).toBe(true);
      expect(readFileSync(path, 'utf8')).toMatch(/runRuleTests\(rule/);
    }
  });

  it('the family names rules may require are exactly the registered families', () => {
    const names = PROBE_FAMILIES.map((family) => family.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...PROBE_FAMILY_NAMES].sort());
  });

  it('every required probe family exists', () => {
    const families = new Set(PROBE_FAMILIES.map((family) => family.name));
    for (const rule of RULES) for (const family of rule.requires) expect(families.has(family), `${rule.id} → ${family}`).toBe(true);
  });

  it('message ids are camelCase and metadata is complete', () => {
    for (const rule of RULES) {
      for (const id of Object.keys(rule.messages)) expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(rule.meta.title.length).toBeGreaterThan(5);
      expect(rule.meta.remediation.length).toBeGreaterThan(10);
      expect(rule.meta.references.length).toBeGreaterThan(0);
    }
  });

  it('the README rules table lists exactly the registry, with an anchor per rule', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const section = readme.split(/^## Rules$/m)[1]?.split(/^## /m)[0] ?? '';
    const rows = [...section.matchAll(/^\| <a id="([a-z-]+)"><\/a>`([a-z-]+)` \| (\w+) \|/gm)];
    expect(rows.map((row) => row[1])).toEqual(rows.map((row) => row[2]));
    expect(rows.map((row) => row[2]).sort()).toEqual(RULES.map((rule) => rule.id).sort());
    for (const row of rows) expect(row[3], `README severity of ${row[2]}`).toBe(RULES.find((rule) => rule.id === row[2])!.meta.severity);
  });
});
