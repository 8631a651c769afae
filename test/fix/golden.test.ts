import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../../src/fix/frameworks/index.js';
import { buildPolicy } from '../../src/fix/policy-builder.js';
import { renderPolicy } from '../../src/fix/render-policy.js';

/**
 * Frameworks whose packages are not on npm (nginx, Apache, Caddy, Spring, Django,
 * ASP.NET Core, Go, Flask) are compared with reviewed golden files; the npm ones are
 * also verified against the real middleware (verified-snippets.test.ts). Regenerate
 * after a reviewed change with UPDATE_GOLDEN=1 and read the diff.
 */

const POLICIES = {
  credentialed: buildPolicy({
    origins: ['https://app.example.com', 'https://admin.example.com'],
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    headers: ['Content-Type', 'Authorization'],
    expose: ['X-Request-Id'],
    maxAge: 600,
  }),
  public: buildPolicy({ origins: ['*'], maxAge: 7200 }),
};

const golden = (name: string) => new URL(`./__golden__/${name}`, import.meta.url);

function compare(name: string, actual: string): void {
  const file = golden(name);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  expect(existsSync(file), `${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/fix/golden.test.ts and review it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe.each(Object.entries(POLICIES))('policy %s', (policyName, policy) => {
  it.each(FRAMEWORKS.map((f) => [f.name, f] as const))('%s snippet matches its golden file', (name, framework) => {
    compare(`${name}.${policyName}.txt`, framework.render(policy));
  });

  it('the whole `corscan policy` text matches its golden file', () => {
    compare(`policy.${policyName}.txt`, renderPolicy(policy, FRAMEWORKS));
  });
});
