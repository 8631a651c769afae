import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostBreaker } from '../../src/http/host-breaker.js';
import { HostSlots } from '../../src/http/host-slots.js';
import type { Exchange } from '../../src/model/exchange.js';

const exchange = (code?: 'ERR_PROBE_TIMEOUT' | 'ERR_PROBE_RESET'): Exchange => ({
  probe: { id: 'simple:x', families: [], method: 'GET', url: 'http://a.test/', headers: {}, origin: null, why: '' },
  ...(code ? { error: { code, message: 'boom' } } : { response: { status: 200, headers: [] } }),
  durationMs: 1,
});

describe('HostSlots', () => {
  it('lets at most `size` holders in per origin, and hands slots over in order', async () => {
    const slots = new HostSlots({ initial: 2, max: 2 });
    const a = (await slots.acquire('http://a.test'))!;
    await slots.acquire('http://a.test');
    await slots.acquire('http://b.test'); // another origin is not blocked
    const order: number[] = [];
    const third = slots.acquire('http://a.test').then((release) => (order.push(3), release));
    const fourth = slots.acquire('http://a.test').then((release) => (order.push(4), release));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    a();
    a(); // releasing twice frees one slot only
    await third;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([3]);
    (await third)!();
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it('14.8: a queued acquire resolves undefined at once when its signal aborts, and frees no slot it never had', async () => {
    const slots = new HostSlots({ initial: 1, max: 1 });
    const held = (await slots.acquire('http://a.test'))!;
    const stop = new AbortController();
    const queued = slots.acquire('http://a.test', stop.signal);
    stop.abort();
    expect(await queued).toBeUndefined();
    held();
    // The slot is free again for the next probe.
    expect(await slots.acquire('http://a.test')).toBeTypeOf('function');
  });
});

const A = new URL('http://a.test/');

describe('HostSlots adapting to the host', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits out a Retry-After before the next probe starts', async () => {
    vi.useFakeTimers();
    const slots = new HostSlots({ initial: 2, max: 2 });
    const release = (await slots.acquire('http://a.test'))!;
    release({ outcome: 'overload', rttMs: 5, retryAfterMs: 1_000 });
    let started = false;
    const next = slots.acquire('http://a.test').then((free) => ((started = true), free));
    await vi.advanceTimersByTimeAsync(990);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(started).toBe(true);
    (await next)!();
  });

  it('lets more probes in once a host answers quickly, up to the ceiling', async () => {
    const slots = new HostSlots({ initial: 2, max: 4 });
    expect(slots.limitOf('http://a.test')).toBe(2);
    for (let round = 0; round < 3; round += 1) {
      const held = await Promise.all(Array.from({ length: slots.limitOf('http://a.test') }, () => slots.acquire('http://a.test')));
      for (const release of held) release!({ outcome: 'ok', rttMs: 5 });
    }
    expect(slots.limitOf('http://a.test')).toBe(4);
    slots.capAt('http://a.test', 3);
    expect(slots.limitOf('http://a.test')).toBe(3);
  });
});

describe('HostBreaker', () => {
  it('opens after a wave of host-level failures, answers with the same code, and closes after the cool-down', () => {
    const breaker = new HostBreaker(2, 1_000);
    breaker.record(A, exchange('ERR_PROBE_TIMEOUT'), false, 0);
    expect(breaker.check(A, 1)).toBeUndefined();
    breaker.record(A, exchange('ERR_PROBE_TIMEOUT'), false, 2);
    expect(breaker.check(A, 3)).toMatchObject({ code: 'ERR_PROBE_TIMEOUT', message: expect.stringMatching(/^not sent: 2 probes in a row/) });
    expect(breaker.check(new URL('http://b.test/'), 3)).toBeUndefined();
    expect(breaker.check(A, 1_003)).toBeUndefined();
  });

  it('an answer or a request-level failure resets the count', () => {
    const breaker = new HostBreaker(2, 1_000);
    breaker.record(A, exchange('ERR_PROBE_TIMEOUT'), false, 0);
    breaker.record(A, exchange(), false, 1);
    breaker.record(A, exchange('ERR_PROBE_TIMEOUT'), false, 2);
    expect(breaker.check(A, 3)).toBeUndefined();
    breaker.record(A, exchange('ERR_PROBE_RESET'), false, 4);
    breaker.record(A, exchange('ERR_PROBE_TIMEOUT'), false, 5);
    expect(breaker.check(A, 6)).toBeUndefined();
  });
});
