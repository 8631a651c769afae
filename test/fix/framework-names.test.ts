import { expect, it } from 'vitest';
import { FRAMEWORKS } from '../../src/fix/frameworks/index.js';
import { FRAMEWORK_NAMES } from '../../src/fix/frameworks/names.js';

it('the CLI framework names are exactly the snippet modules, in output order', () => {
  expect(FRAMEWORKS.map((framework) => framework.name)).toEqual([...FRAMEWORK_NAMES]);
});
