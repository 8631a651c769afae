import { describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/engine/scan.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { ProbeSpec } from '../../src/model/probe.js';
import { progressLine } from '../../src/cli/output/progress.js';
import { scanOptions } from '../helpers/scan-options.js';

const options = scanOptions();

/** Answers the first `answered` probes with a CORS-less 200; the rest are refused unsent, as an open host breaker or a stop does. */
function transport(answered: number) {
  let count = 0;
  return {
    send: async (probe: ProbeSpec): Promise<Exchange> =>
      (count += 1) <= answered
        ? { probe, response: { status: 200, headers: [['content-type', 'application/json']] }, durationMs: 1 }
        : { probe, error: { code: 'ERR_PROBE_TIMEOUT', message: 'not sent: 5 probes in a row failed' }, durationMs: 0, notSent: true },
    close: async () => undefined,
  };
}

describe('honest numbers', () => {
  it('counts requests that were sent, and probes never sent apart', async () => {
    const { result } = await scanTarget('https://api.example.test/', options, transport(5));
    expect(result.requests).toBe(5);
    expect(result.failedRequests).toBe(0);
    expect(result.notSent).toBeGreaterThan(0);
    expect(result.status).toBe('partial');
  });

  it('a target whose probes were all refused unsent sent no request', async () => {
    const { result } = await scanTarget('https://api.example.test/', options, transport(0));
    expect(result.requests).toBe(0);
    expect(result.status).toBe('unreachable');
    expect(result.notSent).toBeGreaterThan(0);
  });

  it('the progress ETA comes from requests: the mean per finished target times what is left, at the request rate', () => {
    // 1 of 10 targets done after 100 requests, 150 sent so far, 10 s: 1,000 expected, 850 left at 15/s.
    expect(progressLine({ done: 1, total: 10, requests: 150, targetRequests: 100, findings: 0 }, 10_000, 100)).toMatch(/ · 15 req\/s · 0 findings · ETA 0:57$/);
  });
});
