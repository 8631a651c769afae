import { listenOnLoopback } from '../../src/lab/listen.js';
import { createServer } from 'node:http';

/** Per Host header: arrival times (ms) and the most requests in flight at once. */
export interface HostStats {
  arrivals: number[];
  maxInFlight: number;
  inFlight: number;
}

export interface CountingServer {
  port: number;
  stats: Map<string, HostStats>;
  close(): Promise<void>;
}

/**
 * A loopback server that answers every request after `delayMs` with a reflecting
 * CORS policy and counts, per Host header, when requests arrive and how many are
 * in flight: the measurement behind the rate-limit and per-host tests.
 */
export async function startCountingServer(delayMs = 0): Promise<CountingServer> {
  const stats = new Map<string, HostStats>();
  const server = createServer((request, response) => {
    const host = request.headers.host ?? '';
    const entry = stats.get(host) ?? { arrivals: [], maxInFlight: 0, inFlight: 0 };
    stats.set(host, entry);
    entry.arrivals.push(performance.now());
    entry.inFlight += 1;
    entry.maxInFlight = Math.max(entry.maxInFlight, entry.inFlight);
    request.resume();
    setTimeout(() => {
      entry.inFlight -= 1;
      const origin = request.headers.origin;
      response.writeHead(200, origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {}).end('ok');
    }, delayMs);
  });
  const { port, close } = await listenOnLoopback(server);
  return { port, stats, close };
}
