import type { Exchange } from '../model/exchange.js';
import type { TargetResult } from '../model/report.js';
import { failureScope, pathKey } from '../http/host-breaker.js';
import type { Transport } from '../http/transport.js';
import { redactionOf, scanTarget, type ScanOptions, type TargetScan, type TargetSpec } from './scan.js';

export interface StreamOptions extends ScanOptions {
  /**
   * Skip the rest of a host's targets after this many failed connections to it, and the rest
   * of a path's targets after this many timeouts of that path on a host that answers; 0 = never.
   */
  maxHostErrors?: number;
  /** Aborting stops starting targets; targets in flight finish (see StopTransport). */
  signal?: AbortSignal;
}

export interface StreamSummary {
  /** Targets handed to `onTarget`. */
  done: number;
  /** True when `signal` stopped the scan: some targets or probes were not sent. */
  interrupted: boolean;
}

/**
 * The failure budgets of `--max-host-errors`. Only failures that say "this host cannot be
 * reached" count towards the host (failureScope, shared with the host breaker: refused, no
 * DNS, failed TLS, or timeouts before the host ever answered); a timeout on a host that
 * answers is its path's (a stalled `/slow`), so it costs that path's later targets, never
 * the host's healthy paths. Probes never sent (a breaker was open) are not failures.
 */
class FailureBudgets {
  readonly #counts = new Map<string, number>();
  /** Origins that answered at least one probe: a timeout there is a path's (for transports that set no `scope`). */
  readonly #answered = new Set<string>();

  /** Why `url` should not be probed, or undefined while both its host and its path are within `max`. */
  exhausted(url: URL, max: number): string | undefined {
    if (max <= 0) return undefined;
    const host = this.#counts.get(url.origin) ?? 0;
    if (host >= max) return `its host failed ${host} times (--max-host-errors)`;
    const path = this.#counts.get(pathKey(url)) ?? 0;
    if (path >= max) return `${url.origin}${url.pathname} timed out ${path} times (--max-host-errors)`;
    return undefined;
  }

  record(exchanges: readonly Exchange[]): void {
    // A target's probes share a few URLs: each is parsed once.
    const parsed = new Map<string, URL>();
    const urlOf = (exchange: Exchange) => {
      let url = parsed.get(exchange.probe.url);
      if (!url) parsed.set(exchange.probe.url, (url = new URL(exchange.probe.url)));
      return url;
    };
    for (const exchange of exchanges) if (exchange.response) this.#answered.add(urlOf(exchange).origin);
    for (const exchange of exchanges) {
      if (exchange.notSent) continue;
      const url = urlOf(exchange);
      // The transport's word when it has one (it saw the connections); else: has the host ever answered?
      const scope = exchange.scope ?? failureScope(exchange.error?.code, this.#answered.has(url.origin));
      if (!scope) continue;
      const key = scope === 'host' ? url.origin : pathKey(url);
      this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    }
  }
}

function skipped(url: string, options: ScanOptions, spec: TargetSpec, why: string): TargetScan {
  const result: TargetResult = {
    url,
    status: 'skipped',
    requests: 0,
    failedRequests: 0,
    error: { code: 'ERR_PROBE_ABORTED', message: `not probed: ${why}` },
    trustedOrigins: { declared: [...new Set([...options.trustedOrigins, ...(spec.trustedOrigins ?? [])])], learned: [] },
    ...(spec.usage ? { har: spec.usage } : {}),
    outcomes: options.rules.map((rule) => ({ ruleId: rule.id, status: 'error', reason: `skipped: ${why}` })),
  };
  return { result: options.redaction ? options.redaction.deep(result) : result, findings: [], exchanges: [] };
}

/**
 * Scans targets as they arrive and hands each finished target to `onTarget`, so a
 * run of 100,000 targets never holds more than `concurrency` of them. Targets are
 * pulled lazily from `targets` (a file being read, stdin), one per free lane; a lane
 * waits for `onTarget` before it pulls the next, which gives natural backpressure.
 * A throw (ReplayMissError, a bad line on stdin) stops every lane and rejects.
 */
export async function scanStream(
  targets: AsyncIterable<string | TargetSpec> | Iterable<string | TargetSpec>,
  options: StreamOptions,
  transport: Transport,
  onTarget: (scan: TargetScan, timing: { durationMs: number }) => void | Promise<void>,
): Promise<StreamSummary> {
  const iterator =
    Symbol.asyncIterator in targets ? (targets as AsyncIterable<string | TargetSpec>)[Symbol.asyncIterator]() : (targets as Iterable<string | TargetSpec>)[Symbol.iterator]();
  const budgets = new FailureBudgets();
  const maxHostErrors = options.maxHostErrors ?? 0;
  // One policy for the whole run, so a secret learned on one target is hidden on every other.
  const run: StreamOptions = { ...options, redaction: options.redaction ?? redactionOf(options) };
  let done = 0;
  let failed = false;
  let exhausted = false;
  // Pulls are serialised: a sync iterator or an async generator must not be entered twice at once.
  let pulling: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<IteratorResult<string | TargetSpec>> => {
    const next = pulling.then(() => iterator.next());
    pulling = next.catch(() => undefined);
    return next;
  };

  // A pull may wait on a slow source (a pipe that stays open); an abort must not wait for it.
  // Not Promise.race with one long-lived "aborted" promise: every race leaves a reaction on
  // that promise until it settles, a promise and closures per target that a 100,000-target
  // run kept to its end. A listener per pull, removed when the pull settles, keeps none.
  const finished: IteratorResult<string | TargetSpec> = { done: true, value: undefined };
  const pullUnlessAborted = (): Promise<IteratorResult<string | TargetSpec>> => {
    const signal = options.signal;
    if (!signal) return pull();
    if (signal.aborted) return Promise.resolve(finished);
    return new Promise((resolve, reject) => {
      const onAbort = () => resolve(finished);
      signal.addEventListener('abort', onAbort, { once: true });
      pull().then(
        (item) => {
          signal.removeEventListener('abort', onAbort);
          resolve(item);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  };

  // Lanes start as targets arrive: lanes = min(concurrency, targets pulled so far + 1),
  // so a huge --concurrency costs nothing for a short list (and one idle lane waits on the source).
  const lanes: Promise<void>[] = [];
  const startLane = () => {
    const running = lane().catch((error: unknown) => {
      failed = true;
      throw error;
    });
    // Awaited below; this only keeps a lane that fails before then from being an unhandled rejection.
    running.catch(() => undefined);
    lanes.push(running);
  };
  const lane = async () => {
    while (!failed && !exhausted && !options.signal?.aborted) {
      const item = await pullUnlessAborted();
      if (options.signal?.aborted) break;
      if (item.done) {
        exhausted = true;
        break;
      }
      if (!failed && lanes.length < options.concurrency) startLane();
      const spec = typeof item.value === 'string' ? { url: item.value } : item.value;
      const url = new URL(spec.url);
      const started = performance.now();
      const spent = budgets.exhausted(url, maxHostErrors);
      const scan = spent ? skipped(url.href, run, spec, spent) : await scanTarget(spec, run, transport);
      budgets.record(scan.exchanges);
      done += 1;
      await onTarget(scan, { durationMs: performance.now() - started });
    }
  };

  startLane();
  try {
    // Lanes may start while others run: wait until no new one appeared.
    for (let seen = 0; seen < lanes.length; ) {
      seen = lanes.length;
      await Promise.all(lanes);
    }
  } finally {
    // Let the other lanes drain before the caller closes the transport.
    await Promise.allSettled(lanes);
    // Not awaited: return() queues behind a pull still waiting on its source; the
    // caller closes the source (TargetSource.close), which ends that pull.
    if (failed || options.signal?.aborted) void Promise.resolve((iterator as AsyncIterator<unknown>).return?.()).catch(() => undefined);
  }
  // Aborted at any point means some probes or targets were not sent.
  return { done, interrupted: Boolean(options.signal?.aborted) };
}
