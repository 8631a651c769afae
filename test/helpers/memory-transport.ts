import type { Transport } from '../../src/http/transport.js';
import type { Exchange } from '../../src/model/exchange.js';

/**
 * An in-memory transport that answers at once: hosts named reflect* reflect any Origin, hosts
 * named down* refuse the connection, every other host answers 200 without CORS headers. It counts
 * what it sends and whether it was closed.
 */
export function memoryTransport(): Transport & { sent: number; closed: boolean } {
  const transport = {
    sent: 0,
    closed: false,
    async send(probe: Exchange['probe']): Promise<Exchange> {
      transport.sent += 1;
      const host = new URL(probe.url).hostname;
      if (host.startsWith('down')) return { probe, error: { code: 'ERR_PROBE_CONNECT', message: 'ECONNREFUSED' }, durationMs: 1 };
      const headers: [string, string][] = host.startsWith('reflect') && probe.origin ? [['Access-Control-Allow-Origin', probe.origin]] : [];
      return { probe, response: { status: 200, headers }, durationMs: 1 };
    },
    async close() {
      transport.closed = true;
    },
  };
  return transport;
}
