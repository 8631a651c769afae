import type { ResolveEntry } from '../../src/http/resolve.js';
import type { Transport } from '../../src/http/transport.js';
import { answerLab } from '../../src/lab/server.js';
import type { LabPolicy } from '../../src/lab/policy.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { ProbeSpec } from '../../src/model/probe.js';
import { USER_AGENT } from '../../src/cli/commands/version.js';

/**
 * The lab without sockets, for in-process CLI runs (test/helpers/cli.ts): a request to a
 * running lab's http server is answered in memory by the lab's own `answerLab`, counted in
 * the server's request counts, and returned as the socket would return it. Everything above
 * the network (the CLI, retries, redirects, the recorder, the engine, the rules, the reports)
 * runs as in a real scan; what is left out is undici and the loopback socket, which the
 * real-server suite, the hostile lab, the HTTP/2 tests and every spawned CLI run cover.
 * A warm in-process scan of one lab policy spent about 60% of its CPU there (87 ms against 32).
 *
 * Only the lab's http server is answered here: its https server is left to sockets, so a
 * test of TLS (a self-signed certificate without --insecure) sees the real handshake.
 */
interface RegisteredLab {
  byName: ReadonlyMap<string, LabPolicy>;
  requestCounts: Map<string, number>;
}

/** Running labs by http port. Test files of a worker run one at a time, and ports are unique. */
const labs = new Map<number, RegisteredLab>();

/** Answers the lab's http server in memory until the returned function is called (at the lab's close). */
export function registerLab(port: number, policies: readonly LabPolicy[], requestCounts: Map<string, number>): () => void {
  labs.set(port, { byName: new Map(policies.map((policy) => [policy.name, policy])), requestCounts });
  return () => labs.delete(port);
}

/** Loopback addresses a --resolve entry may map the lab's host name to. */
const LOOPBACK = new Set(['127.0.0.1', '::1']);

/**
 * The headers Node's http server adds to every lab answer (lab/server.ts writes only the
 * policy's): the date, keep-alive, and chunked framing for a body. undici closes the
 * connection after a HEAD (a body sent to HEAD would be read as the next answer), and the
 * server answers that request with `Connection: close`.
 */
function nodeHeaders(method: string, status: number): [string, string][] {
  const date: [string, string] = ['Date', new Date().toUTCString()];
  if (method === 'HEAD') return [date, ['Connection', 'close']];
  // 204 and 304 have no body (RFC 9110 §15.3.5, §15.4.5): Node frames none.
  const framing: [string, string][] = status === 204 || status === 304 ? [] : [['Transfer-Encoding', 'chunked']];
  return [date, ['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=5'], ...framing];
}

/** Wraps a scan's network (CliIO.network): lab requests in memory, everything else through `network`. */
export function labNetwork(network: Transport, resolve: readonly ResolveEntry[]): Transport {
  const mapped = new Set(resolve.filter((entry) => LOOPBACK.has(entry.address)).map((entry) => `${entry.host}:${entry.port}`));
  const labOf = (url: URL): RegisteredLab | undefined => {
    if (url.protocol !== 'http:') return undefined;
    const port = Number(url.port || 80);
    const lab = labs.get(port);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return lab && (LOOPBACK.has(host) || mapped.has(`${host}:${port}`)) ? lab : undefined;
  };
  return {
    async send(probe: ProbeSpec): Promise<Exchange> {
      const url = new URL(probe.url);
      const lab = labOf(url);
      if (!lab) return network.send(probe);
      // What undici puts on the wire besides the probe's own headers (http/undici-transport.ts).
      const headers = { 'user-agent': USER_AGENT, accept: '*/*', ...probe.headers };
      const started = performance.now();
      // Answered on a later turn of the event loop, as a socket's answer would be.
      await new Promise((resolve) => setImmediate(resolve));
      const answer = answerLab(lab.byName, lab.requestCounts, { method: probe.method, target: `${url.pathname}${url.search}`, rawHeaders: Object.entries(headers).flat() });
      return {
        probe,
        response: { status: answer.status, headers: [...answer.headers, ...nodeHeaders(probe.method, answer.status)], protocol: 'http/1.1' },
        durationMs: Math.round(performance.now() - started),
      };
    },
    close: () => network.close(),
  };
}
