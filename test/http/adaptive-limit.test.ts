import { describe, expect, it } from 'vitest';
import { AdaptiveLimit, loadSignal, MAX_RETRY_AFTER_MS, parseRetryAfter, type LimitOptions } from '../../src/http/adaptive-limit.js';
import type { Exchange } from '../../src/model/exchange.js';

/** What the simulated server answers to one request. */
interface Answer {
  endsAt: number;
  status?: number;
  retryAfterMs?: number;
  error?: boolean;
  /** No answer within the deadline. */
  timeout?: boolean;
}

/** A simulated host: answers a request started at `now` with `inFlight` requests in flight (itself included). */
type Server = (now: number, inFlight: number) => Answer;

/** Every request takes `ms`, however many are in flight. */
const flatServer = (ms: number): Server => (now) => ({ endsAt: now + ms });

/** `workers` requests served at once, `ms` each, the rest wait in a FIFO queue: latency grows with load. */
function queueingServer(workers: number, ms: number): Server {
  const free = new Array<number>(workers).fill(0);
  return (now) => {
    const worker = free.indexOf(Math.min(...free));
    const endsAt = Math.max(now, free[worker]!) + ms;
    free[worker] = endsAt;
    return { endsAt };
  };
}

interface Run {
  finishedAt: number;
  /** The limit after every sample. */
  limits: number[];
  maxInFlight: number;
  /** Request start times, to check pauses. */
  starts: number[];
}

/**
 * A discrete-event simulation in virtual time: `requests` probes to one host,
 * started whenever the controller allows, answered by `server`. Deterministic, so
 * the assertions are about virtual time, never the machine's.
 */
function simulate(options: LimitOptions, requests: number | number[], server: Server): Run {
  const limit = new AdaptiveLimit(options, 0);
  const pending: Array<{ startedAt: number; inFlight: number; answer: Answer }> = [];
  const run: Run = { finishedAt: 0, limits: [], maxInFlight: 0, starts: [] };
  // Stages, as a scan sends them: a stage starts once every request of the one before has its answer.
  const stages = typeof requests === 'number' ? [requests] : [...requests];
  let now = 0;
  let left = stages.shift()!;
  for (let steps = 0; steps < 100_000 && (left > 0 || pending.length > 0 || stages.length > 0); steps += 1) {
    if (left === 0 && pending.length === 0) left = stages.shift()!;
    while (left > 0 && pending.length < limit.limit && now >= limit.pausedUntil) {
      left -= 1;
      const inFlight = pending.length + 1;
      pending.push({ startedAt: now, inFlight, answer: server(now, inFlight) });
      run.starts.push(now);
      run.maxInFlight = Math.max(run.maxInFlight, inFlight);
    }
    pending.sort((a, b) => a.answer.endsAt - b.answer.endsAt);
    const next = pending.shift();
    if (!next) {
      now = Math.max(now, limit.pausedUntil);
      continue;
    }
    now = next.answer.endsAt;
    const { answer } = next;
    const overload = answer.error || answer.status === 429 || answer.status === 503;
    limit.record(
      {
        startedAt: next.startedAt,
        inFlight: next.inFlight,
        outcome: answer.timeout ? 'timeout' : overload ? 'overload' : 'ok',
        rttMs: now - next.startedAt,
        ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}),
      },
      now,
    );
    run.limits.push(limit.limit);
  }
  run.finishedAt = now;
  return run;
}

describe('AdaptiveLimit against a simulated server', () => {
  it('a server whose latency stays flat gets more probes at once, up to the ceiling, and finishes much sooner', () => {
    const adaptive = simulate({ initial: 6, max: 16 }, 104, flatServer(2000));
    const fixed = simulate({ initial: 6, max: 6 }, 104, flatServer(2000));
    expect(Math.max(...adaptive.limits)).toBe(16);
    expect(adaptive.maxInFlight).toBe(16);
    expect(fixed.maxInFlight).toBe(6);
    // 18 round trips at 6; about 8 once the limit has doubled its way up to 16.
    expect(fixed.finishedAt).toBe(18 * 2000);
    expect(adaptive.finishedAt).toBeLessThanOrEqual(fixed.finishedAt / 2);
  });

  it('the first round trip counts: a flat host gets twice --per-host in the second, and a one-target scan finishes in about the time of a fixed 16', () => {
    const limit = new AdaptiveLimit({ initial: 6, max: 16 }, 0);
    for (let i = 0; i < 6; i += 1) limit.record({ startedAt: 0, inFlight: 6, outcome: 'ok', rttMs: 2000 + i }, 2000 + i);
    expect(limit.limit).toBe(12);
    // A scan's shape (npm run bench, one 2 s target): 20 stage-1 probes, 81 in stage 2, then 2 repeats together.
    const stages = [20, 81, 2];
    const fixed = simulate({ initial: 6, max: 6 }, stages, flatServer(2000));
    const adaptive = simulate({ initial: 6, max: 16 }, stages, flatServer(2000));
    const ceiling = simulate({ initial: 16, max: 16 }, stages, flatServer(2000));
    expect(fixed.finishedAt).toBe(19 * 2000);
    expect(ceiling.finishedAt).toBe(9 * 2000);
    // Stage 1 at 6 then 12 (3 round trips), stage 2 at 16 (6), the repeats (1): one round trip more than the ceiling.
    expect(adaptive.finishedAt).toBe(10 * 2000);
  });

  it('a host that queues from the first request is not pushed either: its first round trip shows the queue', () => {
    // Three workers, 100 ms each: six requests at once come back in two waves.
    const run = simulate({ initial: 6, max: 16 }, 300, queueingServer(3, 100));
    expect(run.maxInFlight).toBe(6);
    expect(Math.max(...run.limits)).toBe(6);
  });

  it('a server that slows down under load is not pushed harder than --per-host', () => {
    // One request at a time, 100 ms each: more at once only lengthens the queue.
    const adaptive = simulate({ initial: 6, max: 16 }, 400, queueingServer(1, 100));
    const fixed = simulate({ initial: 6, max: 6 }, 400, queueingServer(1, 100));
    expect(Math.max(...adaptive.limits)).toBe(6);
    expect(adaptive.maxInFlight).toBe(6);
    // And the host gets its probes no sooner for it (the same work, just queued).
    expect(adaptive.finishedAt).toBeGreaterThanOrEqual(fixed.finishedAt * 0.95);
  });

  it('a server with a few workers gets as many probes as it serves without queueing', () => {
    // 10 workers, 500 ms a request: latency is flat up to 10 in flight, then requests queue.
    const run = simulate({ initial: 6, max: 32 }, 600, queueingServer(10, 500));
    const settled = run.limits.slice(100);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...settled)).toBeLessThanOrEqual(13);
  });

  it('halves at once on 429 and waits out Retry-After before sending again', () => {
    // Rate limited above 4 in flight: a quick 429 asking for a 3 s pause.
    const limited: Server = (now, inFlight) => (inFlight > 4 ? { endsAt: now + 10, status: 429, retryAfterMs: 3000 } : { endsAt: now + 50 });
    const run = simulate({ initial: 8, max: 16 }, 200, limited);
    expect(run.limits[0]).toBe(4);
    // The first 429 comes back at 10 ms: nothing starts in the 3 s after it.
    expect(run.starts.filter((t) => t > 0 && t < 3010)).toEqual([]);
    expect(run.starts.at(-1)).toBeGreaterThanOrEqual(3010);
  });

  it('one burst of 429s is one congestion event: the limit is halved once, not once per answer', () => {
    const limit = new AdaptiveLimit({ initial: 16, max: 16 }, 0);
    for (let i = 0; i < 16; i += 1) limit.record({ startedAt: 0, inFlight: 16, outcome: 'overload', rttMs: 10 }, 10 + i);
    expect(limit.limit).toBe(8);
    limit.record({ startedAt: 30, inFlight: 8, outcome: 'overload', rttMs: 10 }, 40);
    expect(limit.limit).toBe(4);
  });

  it('timeouts and resets shrink below --per-host; latency alone never does', () => {
    const errors = simulate({ initial: 6, max: 16 }, 60, (now) => ({ endsAt: now + 1000, error: true }));
    expect(Math.min(...errors.limits)).toBe(1);
    const slow = new AdaptiveLimit({ initial: 6, max: 16 }, 0);
    let now = 0;
    for (let i = 0; i < 20; i += 1) {
      // Fast once, then 50 times slower: one decision per round trip.
      const rttMs = i === 0 ? 100 : 5000;
      slow.record({ startedAt: now, inFlight: slow.limit, outcome: 'ok', rttMs }, now + rttMs);
      now += rttMs;
    }
    expect(slow.limit).toBe(6);
  });

  it('a timeout leaves one probe at a time until the host answers, then slow start back to half the limit that timed out', () => {
    const limit = new AdaptiveLimit({ initial: 8, max: 16 }, 0);
    // Eight in flight; the first times out: the other seven still in flight leave no room for an eighth.
    limit.record({ startedAt: 0, inFlight: 8, outcome: 'timeout', rttMs: 4000 }, 4000);
    expect(limit.limit).toBe(1);
    // The rest of the same wave timing out is the same event: no further cut, no growth.
    for (let i = 0; i < 7; i += 1) limit.record({ startedAt: 0, inFlight: 8, outcome: 'timeout', rttMs: 4000 }, 4001 + i);
    expect(limit.limit).toBe(1);
    // Answers again, as fast as before: one more per answer up to 4 (half of 8), then one per round trip.
    const growth: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      limit.record({ startedAt: 5000 + i, inFlight: limit.limit, outcome: 'ok', rttMs: 50 }, 5050 + i);
      growth.push(limit.limit);
    }
    expect(growth.slice(0, 3)).toEqual([2, 3, 4]);
    expect(Math.max(...growth)).toBeLessThanOrEqual(5);
  });

  it('a host that stops answering gets one wave of probes, not a second one started as the first times out', () => {
    // Every request takes 4 s and fails; in flight never goes above the first wave once the timeouts start.
    const run = simulate({ initial: 6, max: 16 }, 12, (now) => ({ endsAt: now + 4000, timeout: true }));
    expect(run.maxInFlight).toBe(6);
    // After the wave: one at a time (each a timeout of its own).
    expect(run.starts.filter((t) => t === 4000)).toHaveLength(1);
  });

  it('--per-host N --max-per-host N is a fixed cap', () => {
    const run = simulate({ initial: 4, max: 4 }, 100, flatServer(100));
    expect(run.maxInFlight).toBe(4);
    expect(new Set(run.limits)).toEqual(new Set([4]));
  });

  it('an HTTP/2 server\'s SETTINGS_MAX_CONCURRENT_STREAMS caps the limit', () => {
    const limit = new AdaptiveLimit({ initial: 6, max: 16 }, 0);
    limit.capAt(3);
    expect(limit.limit).toBe(3);
    for (let i = 0; i < 10; i += 1) limit.record({ startedAt: i * 10, inFlight: 3, outcome: 'ok', rttMs: 10 }, i * 10 + 10);
    expect(limit.limit).toBe(3);
  });

  it('a Retry-After longer than a minute is cut to a minute', () => {
    const limit = new AdaptiveLimit({ initial: 6, max: 16 }, 0);
    limit.record({ startedAt: 0, inFlight: 1, outcome: 'overload', rttMs: 10, retryAfterMs: 3_600_000 }, 10);
    expect(limit.pausedUntil).toBe(10 + MAX_RETRY_AFTER_MS);
  });
});

describe('load signals', () => {
  const exchange = (response: Exchange['response'], error?: Exchange['error']): Exchange => ({
    probe: { id: 'simple:x', families: [], method: 'GET', url: 'http://a.test/', headers: {}, origin: null, why: '' },
    ...(response ? { response } : {}),
    ...(error ? { error } : {}),
    durationMs: 5,
  });

  it('429 and 503 are overload, with their Retry-After; other statuses are answers', () => {
    expect(loadSignal(exchange({ status: 429, headers: [['Retry-After', '2']] }), 0)).toEqual({ outcome: 'overload', retryAfterMs: 2000 });
    expect(loadSignal(exchange({ status: 503, headers: [] }), 0)).toEqual({ outcome: 'overload' });
    expect(loadSignal(exchange({ status: 500, headers: [['retry-after', '9']] }), 0)).toEqual({ outcome: 'ok' });
    expect(loadSignal(exchange({ status: 404, headers: [] }), 0)).toEqual({ outcome: 'ok' });
  });

  it('resets are overload, a timeout is its own signal; DNS and TLS failures say nothing about load', () => {
    expect(loadSignal(exchange(undefined, { code: 'ERR_PROBE_TIMEOUT', message: '' }), 0).outcome).toBe('timeout');
    expect(loadSignal(exchange(undefined, { code: 'ERR_PROBE_RESET', message: '' }), 0).outcome).toBe('overload');
    expect(loadSignal(exchange(undefined, { code: 'ERR_PROBE_DNS', message: '' }), 0).outcome).toBe('neutral');
    expect(loadSignal(exchange(undefined, { code: 'ERR_PROBE_TLS', message: '' }), 0).outcome).toBe('neutral');
  });

  it('Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3)', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});
