import type { OutStream } from '../io.js';

/**
 * Whether to animate on `stream`: a terminal, not `TERM=dumb`, and not CI (the
 * is-interactive rule, conventions §5.2). Pipes and CI logs get no bar.
 */
export function isInteractive(stream: OutStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env['TERM'] !== 'dumb' && !('CI' in env);
}

export interface ProgressState {
  done: number;
  /** Unknown while stdin is still being read. */
  total?: number;
  /** Requests sent so far, counted as they finish. */
  requests: number;
  /** Requests of the targets already done: their mean per target estimates the rest. */
  targetRequests?: number;
  findings: number;
}

const clock = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** One progress line, without control characters; pure, for tests. */
export function progressLine(state: ProgressState, elapsedMs: number, width = 80): string {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const rate = Math.round(state.requests / seconds);
  const count = state.total !== undefined ? `${state.done}/${state.total}` : `${state.done}`;
  // ETA from requests, not targets: targets differ in cost (an unreachable one sends few
  // requests; one with trusted origins many), and requests are what the time goes to.
  const perTarget = state.done > 0 ? (state.targetRequests ?? state.requests) / state.done : 0;
  const remaining = state.total !== undefined ? state.total * perTarget - state.requests : 0;
  const eta = state.total !== undefined && state.done < state.total && perTarget > 0 && rate > 0 ? ` · ETA ${clock(Math.max(0, remaining) / (state.requests / seconds))}` : '';
  const text = ` ${count} targets · ${rate} req/s · ${state.findings} finding${state.findings === 1 ? '' : 's'}${eta}`;
  const barWidth = Math.max(0, Math.min(30, width - text.length - 3));
  if (state.total === undefined || state.total === 0 || barWidth < 5) return text.trim().slice(0, width - 1);
  const filled = Math.round((barWidth * state.done) / state.total);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${text}`.slice(0, width - 1);
}

/**
 * A one-line progress bar on stderr, redrawn at most 10 times a second (a faster
 * redraw costs CPU and flickers), cleared before anything else is written.
 */
export class ProgressBar {
  readonly #stream: OutStream;
  readonly #started = performance.now();
  readonly #timer: NodeJS.Timeout;
  #state: ProgressState = { done: 0, requests: 0, findings: 0 };
  #drawn = false;

  constructor(stream: OutStream, total?: number) {
    this.#stream = stream;
    if (total !== undefined) this.#state.total = total;
    this.#timer = setInterval(() => this.#draw(), 100);
    this.#timer.unref();
  }

  update(state: Partial<ProgressState>): void {
    this.#state = { ...this.#state, ...state };
  }

  #draw(): void {
    this.#stream.write(`\r\u001b[2K${progressLine(this.#state, performance.now() - this.#started, this.#stream.columns || 80)}`);
    this.#drawn = true;
  }

  /** Erases the bar so a following message starts on a clean line. */
  clear(): void {
    if (this.#drawn) this.#stream.write('\r\u001b[2K');
    this.#drawn = false;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.clear();
  }
}
