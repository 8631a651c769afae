import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningApp } from '../helpers/apps.js';
import { runGuarded } from '../../src/lab/hostile/run.js';

describe('the chaos judge\'s guarded run', () => {
  // Never answers, so the run is still going when its hard limit ends it.
  let silent: RunningApp;
  beforeAll(async () => {
    silent = await listen(createServer(() => undefined));
  });
  afterAll(() => silent.close());

  // A crash (Node's own abort) shows only as a signal: the judge must name it, not "exit null".
  it('reports the signal that ended the process', async () => {
    const run = await runGuarded(['scan', `http://127.0.0.1:${silent.port}/`, '--timeout', '30'], { hardLimitSeconds: 1 });
    expect(run).toMatchObject({ code: null, signal: 'SIGKILL', killed: true });
  });
});
