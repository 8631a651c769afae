import { describe, expect, it } from 'vitest';
import { RetryTransport } from '../../src/http/retry-transport.js';
import type { Transport } from '../../src/http/transport.js';
import type { Exchange, ProbeErrorCode } from '../../src/model/exchange.js';
import type { ProbeSpec } from '../../src/model/probe.js';

const probe = (method: string): ProbeSpec => ({ id: 'simple:x', families: ['arbitrary-origin'], method, url: 'https://x.test/', headers: {}, origin: null, why: 'test' });

/** Fails with `code` for the first `failures` sends, then answers. */
function flaky(code: ProbeErrorCode, failures: number): Transport & { calls: number } {
  const transport = {
    calls: 0,
    async send(spec: ProbeSpec): Promise<Exchange> {
      transport.calls += 1;
      return transport.calls <= failures
        ? { probe: spec, error: { code, message: code }, durationMs: 1 }
        : { probe: spec, response: { status: 200, headers: [] }, durationMs: 1 };
    },
    async close() {},
  };
  return transport;
}

describe('RetryTransport', () => {
  it('retries refused and reset connections of idempotent probes, up to the limit', async () => {
    for (const code of ['ERR_PROBE_CONNECT', 'ERR_PROBE_RESET'] as const) {
      const inner = flaky(code, 2);
      const exchange = await new RetryTransport(inner, { retries: 2, baseDelayMs: 1 }).send(probe('OPTIONS'));
      expect(exchange.response?.status).toBe(200);
      expect(inner.calls).toBe(3);
    }
    const stubborn = flaky('ERR_PROBE_CONNECT', 10);
    const last = await new RetryTransport(stubborn, { retries: 2, baseDelayMs: 1 }).send(probe('GET'));
    expect(last.error?.code).toBe('ERR_PROBE_CONNECT');
    expect(stubborn.calls).toBe(3);
  });

  it('never retries timeouts, DNS or TLS failures, nor non-idempotent methods', async () => {
    for (const code of ['ERR_PROBE_TIMEOUT', 'ERR_PROBE_DNS', 'ERR_PROBE_TLS'] as const) {
      const inner = flaky(code, 1);
      await new RetryTransport(inner, { retries: 3, baseDelayMs: 1 }).send(probe('GET'));
      expect(inner.calls).toBe(1);
    }
    const post = flaky('ERR_PROBE_CONNECT', 1);
    await new RetryTransport(post, { retries: 3, baseDelayMs: 1 }).send(probe('POST'));
    expect(post.calls).toBe(1);
  });

  it('backs off exponentially, capped', async () => {
    const inner = flaky('ERR_PROBE_CONNECT', 5);
    const delays: number[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
    };
    await new RetryTransport(inner, { retries: 5, baseDelayMs: 100, maxDelayMs: 500, sleep }).send(probe('GET'));
    expect(delays).toEqual([100, 200, 400, 500, 500]);
    expect(inner.calls).toBe(6);
  });
});
