/**
 * At most `size` probes in flight per origin. undici's pool would queue the rest
 * itself, but then a probe's deadline would include its time in the queue, and a
 * slow server answering many probes would time them out one after another: the
 * deadline has to start when a connection is free.
 */
export class HostSlots {
  readonly #size: number;
  readonly #busy = new Map<string, number>();
  readonly #waiting = new Map<string, Array<() => void>>();

  constructor(size: number) {
    this.#size = size;
  }

  /**
   * Resolves when a slot for `origin` is free; call the returned function to free it.
   * Resolves undefined instead, at once, when `signal` aborts first (the scan was
   * interrupted: a queued probe must not go out later).
   */
  async acquire(origin: string, signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return undefined;
    if ((this.#busy.get(origin) ?? 0) >= this.#size) {
      const granted = await new Promise<boolean>((resolve) => {
        const queue = this.#waiting.get(origin) ?? [];
        const grant = () => {
          signal?.removeEventListener('abort', abandon);
          resolve(true);
        };
        const abandon = () => {
          const index = queue.indexOf(grant);
          if (index !== -1) queue.splice(index, 1);
          resolve(false);
        };
        queue.push(grant);
        this.#waiting.set(origin, queue);
        signal?.addEventListener('abort', abandon, { once: true });
      });
      if (!granted) return undefined;
    } else {
      this.#busy.set(origin, (this.#busy.get(origin) ?? 0) + 1);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.get(origin)?.shift();
      // The slot passes straight to the next waiter, so the busy count stays.
      if (next) next();
      else {
        this.#busy.set(origin, (this.#busy.get(origin) ?? 1) - 1);
        if (this.#busy.get(origin) === 0) this.#busy.delete(origin);
        this.#waiting.delete(origin);
      }
    };
  }
}
