// Preloaded (node --import) into the scanned process by bench/run.mjs's in-process memory
// runs (`--big-transport in-process`, the default, or `--memory-transport in-process`):
// undici's Agent answers every request from the lab policies in this process instead of
// over a socket. Everything above the socket runs as in a real scan (the
// CLI, the transport chain, HostSlots, the engine, the rules, the report spool, JSON
// Lines and JSON output); what is left out is the socket I/O and the lab server, whose
// memory is per connection (at most hosts x --max-per-host), not per target. It makes
// a 100,000-target memory run affordable on a shared machine: a real one there is
// ~3 M loopback requests. `--memory-transport network,in-process` prints both side by side.
import { Agent } from 'undici';

const { POLICIES } = await import(new URL('../dist/lab/policies.js', import.meta.url).href);
const { answerLab } = await import(new URL('../dist/lab/server.js', import.meta.url).href);
const byName = new Map(POLICIES.map((policy) => [policy.name, policy]));
const counts = new Map();

/** One undici dispatch answered by the lab's own answerLab (src/lab/server.ts), as its server would. */
Agent.prototype.dispatch = function dispatch(options, handler) {
  setImmediate(() => {
    const answer = answerLab(byName, counts, { method: options.method, target: options.path, rawHeaders: Object.entries(options.headers ?? {}).flat() });
    const rawHeaders = answer.headers.flatMap(([key, value]) => [Buffer.from(key), Buffer.from(String(value))]);
    const parsed = {};
    for (const [key, value] of answer.headers) parsed[key.toLowerCase()] = String(value);
    const controller = { rawHeaders, aborted: false, paused: false, reason: null, abort() {}, pause() {}, resume() {} };
    handler.onRequestStart?.(controller, {});
    handler.onResponseStart?.(controller, answer.status, parsed, '');
    if (answer.body !== undefined) handler.onResponseData?.(controller, Buffer.from(answer.body));
    handler.onResponseEnd?.(controller, {});
  });
  return true;
};
