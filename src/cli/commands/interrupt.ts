import { setMaxListeners } from 'node:events';

/** Exit code after a second SIGINT/SIGTERM: 128 + SIGINT, what shells report for an interrupted command. */
export const EXIT_INTERRUPTED = 130;

/** How long requests already on the wire may finish after the first signal. */
export const GRACE_MS = 2_000;

/**
 * The two stages of stopping a scan on SIGINT/SIGTERM (`docker stop`, CI cancellation).
 * First signal: `stop` aborts, so no new request leaves and queued probes resolve as
 * aborted at once; requests in flight get GRACE_MS to finish, then `cutoff` aborts them,
 * and the partial report is written. Second signal: `cutoff` aborts at once, the report
 * is written with what there is, and the run exits 130.
 */
export class Interrupt {
  readonly #stop = new AbortController();
  readonly #cutoff = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #signals = 0;

  constructor() {
    // Every lane waiting for its next target (up to --concurrency) and every probe waiting out
    // --rate-limit listens on `stop`: hundreds of listeners are the design, not a leak, and
    // Node's warning at 11 would reach the user.
    setMaxListeners(0, this.#stop.signal, this.#cutoff.signal);
  }

  /** Aborted on the first signal: nothing new is sent. */
  get stop(): AbortSignal {
    return this.#stop.signal;
  }

  /** Aborted GRACE_MS after the first signal, or on the second: requests in flight are cut. */
  get cutoff(): AbortSignal {
    return this.#cutoff.signal;
  }

  /** The exit code the signals impose on the run, if any. */
  get exitCode(): number | undefined {
    return this.#signals >= 2 ? EXIT_INTERRUPTED : undefined;
  }

  /** Handles one signal; returns what it did, for the user's note. */
  signal(): 'stopping' | 'cutting' {
    this.#signals += 1;
    if (this.#signals === 1) {
      this.halt();
      return 'stopping';
    }
    this.dispose();
    this.#cutoff.abort();
    return 'cutting';
  }

  /**
   * Stops the run as a first signal does (nothing new is sent, requests in flight get
   * GRACE_MS), without a signal: the run itself cannot go on (too many open files).
   */
  halt(): void {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.#timer = setTimeout(() => this.#cutoff.abort(), GRACE_MS);
    // The grace timer must not keep a finished run alive.
    this.#timer.unref();
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
