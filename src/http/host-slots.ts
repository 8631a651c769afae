import { AdaptiveLimit, type LimitOptions, type LimitSample } from './adaptive-limit.js';

/** Frees a slot; the sample (when the request got far enough to say something) adapts the host's limit. */
export type ReleaseSlot = (sample?: Omit<LimitSample, 'startedAt' | 'inFlight'>) => void;

/** Beyond this many known hosts, an idle host's state is dropped (it starts afresh next time). */
const MAX_IDLE_HOSTS = 1024;

/** A probe waiting for a slot: granted (true), or dropped because its signal aborted (false). */
interface Waiter {
  resolve(granted: boolean): void;
  signal: AbortSignal | undefined;
}

interface HostState {
  limit: AdaptiveLimit;
  busy: number;
  waiting: Waiter[];
  timer?: NodeJS.Timeout;
}

/**
 * At most the host's current limit of probes in flight per origin (AdaptiveLimit).
 * undici's pool would queue the rest itself, but then a probe's deadline would
 * include its time in the queue, and a slow server answering many probes would
 * time them out one after another: the deadline has to start when a slot is free.
 */
export class HostSlots {
  readonly #options: LimitOptions;
  readonly #clock: () => number;
  readonly #hosts = new Map<string, HostState>();
  /**
   * Signals with our one abort listener. A listener per waiting probe cost a linear
   * removeEventListener on every grant (an EventTarget keeps a list), and a scan has
   * thousands of probes waiting at once.
   */
  readonly #watched = new WeakSet<AbortSignal>();

  constructor(options: LimitOptions, clock: () => number = () => Date.now()) {
    this.#options = options;
    this.#clock = clock;
  }

  #host(origin: string): HostState {
    let host = this.#hosts.get(origin);
    if (!host) {
      host = { limit: new AdaptiveLimit(this.#options, this.#clock()), busy: 0, waiting: [] };
      this.#hosts.set(origin, host);
    }
    return host;
  }

  /** The origin's current in-flight limit. */
  limitOf(origin: string): number {
    return this.#host(origin).limit.limit;
  }

  /** Lowers the origin's ceiling (the server's HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS). */
  capAt(origin: string, ceiling: number): void {
    this.#host(origin).limit.capAt(ceiling);
  }

  /**
   * Resolves when a slot for `origin` is free; call the returned function to free it.
   * Resolves undefined instead, at once, when `signal` aborts first (the scan was
   * interrupted: a queued probe must not go out later).
   */
  async acquire(origin: string, signal?: AbortSignal): Promise<ReleaseSlot | undefined> {
    if (signal?.aborted) return undefined;
    const host = this.#host(origin);
    if (host.busy < host.limit.limit && this.#clock() >= host.limit.pausedUntil && host.waiting.length === 0) host.busy += 1;
    else {
      if (signal) this.#watch(signal);
      const turn = new Promise<boolean>((resolve) => host.waiting.push({ resolve, signal }));
      this.#drain(origin, host);
      if (!(await turn)) return undefined;
    }
    const startedAt = this.#clock();
    const inFlight = host.busy;
    let released = false;
    return (sample) => {
      if (released) return;
      released = true;
      host.busy -= 1;
      if (sample) host.limit.record({ ...sample, startedAt, inFlight }, this.#clock());
      this.#drain(origin, host);
    };
  }

  /** Once `signal` aborts, its waiters leave the queues before #drain can count them busy, so no slot is lost. */
  #watch(signal: AbortSignal): void {
    if (this.#watched.has(signal)) return;
    this.#watched.add(signal);
    signal.addEventListener(
      'abort',
      () => {
        for (const host of this.#hosts.values()) {
          const dropped = host.waiting.filter((waiter) => waiter.signal === signal);
          if (dropped.length === 0) continue;
          host.waiting = host.waiting.filter((waiter) => waiter.signal !== signal);
          for (const waiter of dropped) waiter.resolve(false);
        }
      },
      { once: true },
    );
  }

  /** Starts waiters while the limit allows; during a Retry-After pause, again when it ends. */
  #drain(origin: string, host: HostState): void {
    const now = this.#clock();
    if (host.limit.pausedUntil > now) {
      if (!host.timer && host.waiting.length > 0) {
        host.timer = setTimeout(() => {
          host.timer = undefined;
          this.#drain(origin, host);
        }, host.limit.pausedUntil - now);
      }
      return;
    }
    while (host.busy < host.limit.limit && host.waiting.length > 0) {
      host.busy += 1;
      host.waiting.shift()!.resolve(true);
    }
    // An idle host keeps what was learned about it for its next target, unless the
    // audit spans so many hosts that keeping them all would grow memory with the list.
    if (host.busy === 0 && host.waiting.length === 0 && this.#hosts.size > MAX_IDLE_HOSTS) this.#hosts.delete(origin);
  }
}
