import type { Exchange, ProbeErrorCode } from '../model/exchange.js';

/**
 * How many probes one host may have in flight, adapted to how the host copes, in
 * the spirit of TCP Vegas and Netflix's concurrency-limits: a host whose latency
 * stays flat gets more probes at once (up to `max`); a host that says it is
 * overloaded (429, 503, Retry-After, a reset connection) gets half as many at once,
 * and one that lets a probe time out gets one at a time until it answers again (as
 * TCP after a retransmission timeout); a host whose latency rises well above its
 * baseline gets fewer, but never fewer than `initial` for latency alone: the user's
 * --per-host is the politeness they chose, the controller only adds what the host
 * shows it can take.
 *
 * Pure: time is passed in, so a simulated server can drive it in tests.
 */

/** What one finished request says about its host. */
export interface LimitSample {
  /** When the request started (same clock as `now`). */
  startedAt: number;
  /** Requests in flight to the host when it started, itself included. */
  inFlight: number;
  /**
   * `ok`: an answer and its latency; `overload`: the host asked us to back off; `timeout`: no
   * answer within the deadline; `neutral`: says nothing about load.
   */
  outcome: 'ok' | 'overload' | 'timeout' | 'neutral';
  rttMs: number;
  /** The host's Retry-After, in milliseconds. */
  retryAfterMs?: number;
}

export interface LimitOptions {
  /** Where the host starts (--per-host), and the floor for latency-based shrinking. */
  initial: number;
  /** The most the host ever gets (--max-per-host). */
  max: number;
}

/** The longest Retry-After honoured: a server asking for an hour would stall the whole audit. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** Latency this close to the baseline counts as flat: 5%, and at least 10 ms of jitter (event loop, scheduling). */
const FLAT_RATIO = 1.05;
const FLAT_SLACK_MS = 10;
/** Vegas thresholds, in requests queued at the host: grow below ALPHA, shrink above BETA, hold between. */
const ALPHA = 0.5;
const BETA = 1.5;

export class AdaptiveLimit {
  readonly #initial: number;
  #max: number;
  #limit: number;
  /** Lowest latency seen: the host's latency when it is not queueing our probes. */
  #baseline: number | undefined;
  /** Doubling each round trip until the first sign of load, as TCP's slow start. */
  #slowStart = true;
  /**
   * The first round trip showed no queue: from then on, in slow start, every answer as fast
   * as the baseline adds one (RFC 5681 §3.1: the window grows by one segment per ACK, so it
   * doubles per round trip). Growing per answer rather than per window matters at a
   * scan's stage boundaries, where a window rarely fills before its stage runs dry.
   */
  #grownOnce = false;
  /** Where slow start ends after a timeout restarted it: half the limit that timed out (RFC 5681 §3.1, ssthresh). */
  #slowStartEnd = Number.POSITIVE_INFINITY;
  /** A decrease is made once per congestion event: samples of requests started before it are ignored. */
  #lastCut = Number.NEGATIVE_INFINITY;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  /** One decision per round trip: from the answers to requests started since the previous decision. */
  #windowStart: number;
  #window = { samples: 0, rttSum: 0, inFlight: 0 };

  constructor(options: LimitOptions, now = 0) {
    this.#initial = Math.max(1, Math.min(options.initial, options.max));
    this.#max = Math.max(this.#initial, options.max);
    this.#limit = this.#initial;
    this.#windowStart = now;
  }

  /** Requests the host may have in flight now. */
  get limit(): number {
    return Math.max(1, Math.floor(this.#limit));
  }

  /** No new request may start before this time (the host's Retry-After). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Lowers the ceiling, e.g. to the server's HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS. */
  capAt(ceiling: number): void {
    this.#max = Math.max(1, Math.min(this.#max, ceiling));
    this.#limit = Math.min(this.#limit, this.#max);
  }

  record(sample: LimitSample, now: number): void {
    if (sample.retryAfterMs !== undefined && sample.retryAfterMs > 0) {
      this.#pausedUntil = Math.max(this.#pausedUntil, now + Math.min(sample.retryAfterMs, MAX_RETRY_AFTER_MS));
    }
    if (sample.outcome === 'overload') {
      this.#cut(sample, now, 0.5, 1);
      return;
    }
    if (sample.outcome === 'timeout') {
      this.#restart(sample, now);
      return;
    }
    if (sample.outcome !== 'ok') return;
    this.#baseline = this.#baseline === undefined ? sample.rttMs : Math.min(this.#baseline, sample.rttMs);
    if (this.#slowStart && this.#grownOnce && sample.rttMs <= this.#flat() && sample.inFlight * 2 >= this.limit) {
      this.#limit = Math.min(this.#max, this.#limit + 1);
      if (this.#limit >= this.#slowStartEnd) this.#slowStart = false;
    }
    // Only requests started since the last decision show how the host copes with the current limit.
    if (sample.startedAt < this.#windowStart) return;
    this.#window.samples += 1;
    this.#window.rttSum += sample.rttMs;
    this.#window.inFlight = Math.max(this.#window.inFlight, sample.inFlight);
    if (this.#window.samples >= this.limit) this.#decide(sample, now);
  }

  /**
   * The first round trip decides too: its requests started together, so a host that
   * queues them answers them one after another (the mean latency is well above the
   * fastest answer) and a host that does not answers them alike. Waiting a round trip
   * more for a baseline would cost a 20-probe stage a third of its time.
   */
  #decide(sample: LimitSample, now: number): void {
    const { samples, rttSum, inFlight } = this.#window;
    this.#window = { samples: 0, rttSum: 0, inFlight: 0 };
    this.#windowStart = now;
    const rtt = rttSum / samples;
    // Vegas: how many of our requests wait in the host's queue rather than being served.
    const queued = inFlight * Math.max(0, 1 - this.#flat() / rtt);
    if (queued > BETA) {
      this.#cut(sample, now, 0.75, this.#initial);
    } else if (queued < ALPHA) {
      // A window that never used most of the limit proves nothing about a larger one.
      if (inFlight * 2 < this.limit) return;
      if (!this.#slowStart) this.#limit = Math.min(this.#max, this.#limit + 1);
      else if (!this.#grownOnce) {
        // The first window's answers could not grow the limit one by one (nothing was known
        // of the host yet): they count now, all at once.
        this.#grownOnce = true;
        this.#limit = Math.min(this.#max, this.#limit * 2);
      }
    } else {
      this.#slowStart = false;
    }
  }

  /** The latency that still counts as the host not queueing our requests. */
  #flat(): number {
    return this.#baseline! * FLAT_RATIO + FLAT_SLACK_MS;
  }

  /**
   * A probe timed out: one probe at a time until the host answers, then slow start back up to
   * half the limit that timed out (RFC 5681 §3.1: after a retransmission timeout the window is
   * one segment). Halving instead kept probes starting into a host that had stopped answering:
   * each answer slot freed by a timeout let another probe in, to time out a round later.
   */
  #restart(sample: LimitSample, now: number): void {
    if (sample.startedAt < this.#lastCut) return;
    this.#lastCut = now;
    this.#slowStartEnd = Math.max(1, this.#limit / 2);
    this.#limit = 1;
    this.#slowStart = true;
    this.#grownOnce = true;
    this.#window = { samples: 0, rttSum: 0, inFlight: 0 };
    this.#windowStart = now;
  }

  #cut(sample: LimitSample, now: number, factor: number, floor: number): void {
    this.#slowStart = false;
    if (sample.startedAt < this.#lastCut) return;
    this.#lastCut = now;
    this.#limit = Math.max(Math.min(floor, this.#limit), this.#limit * factor);
    this.#window = { samples: 0, rttSum: 0, inFlight: 0 };
    this.#windowStart = now;
  }
}

/** Failures that mean the host (or something before it) is shedding load; a timeout is its own signal. */
const OVERLOAD_ERRORS: ReadonlySet<ProbeErrorCode> = new Set(['ERR_PROBE_RESET', 'ERR_PROBE_EMPTY', 'ERR_PROBE_CONNECT']);

/**
 * Reads an exchange as a load signal. 429 (RFC 6585) and 503 (RFC 9110 §15.6.4) are
 * a host asking for less; other statuses are answers like any other.
 */
export function loadSignal(exchange: Exchange, now: number): Pick<LimitSample, 'outcome' | 'retryAfterMs'> {
  if (exchange.error) {
    if (exchange.error.code === 'ERR_PROBE_TIMEOUT') return { outcome: 'timeout' };
    return { outcome: OVERLOAD_ERRORS.has(exchange.error.code) ? 'overload' : 'neutral' };
  }
  const { status, headers } = exchange.response!;
  if (status !== 429 && status !== 503) return { outcome: 'ok' };
  const retryAfter = headers.find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  const retryAfterMs = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
  return { outcome: 'overload', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; milliseconds from `now` (epoch ms), undefined when unreadable. */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) || !/[a-z]/i.test(trimmed) ? undefined : Math.max(0, date - now);
}
