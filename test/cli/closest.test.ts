import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closest } from '../../src/cli/options/closest.js';
import { loadIgnoreFile } from '../../src/cli/inputs/ignore-file.js';
import { testDir } from '../helpers/temp-dir.js';

const dir = testDir('typo');

describe('did you mean', () => {
  it.each([
    ['fail-on', 'failOn'],
    ['failon', 'failOn'],
    ['retry', 'retries'],
    ['timout', 'timeout'],
    ['concurency', 'concurrency'],
  ])('%s → %s', (typo, meant) => {
    expect(closest(typo, ['failOn', 'retries', 'timeout', 'concurrency', 'targets'])).toBe(meant);
  });

  it('guesses nothing for an unrelated word', () => {
    expect(closest('banana', ['failOn', 'retries', 'timeout'])).toBeUndefined();
  });

  it('an ignore file with a mistyped rule id names the closest rule', async () => {
    const path = join(dir, 'ignore.yaml');
    writeFileSync(path, 'version: 1\nignores:\n  - rule: wildcard-orgin\n    reason: public\n');
    await expect(loadIgnoreFile(path)).rejects.toThrow(/unknown rule id "wildcard-orgin" \(did you mean wildcard-origin\?\)/);
  });
});
