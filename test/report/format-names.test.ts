import { expect, it } from 'vitest';
import { FORMATS } from '../../src/report/formats.js';
import { reporters } from '../../src/report/index.js';

it('every format name has a reporter and every reporter a name', () => {
  expect(Object.keys(reporters).sort()).toEqual([...FORMATS].sort());
});
