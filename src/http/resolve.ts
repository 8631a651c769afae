import { isIP } from 'node:net';
import type { buildConnector } from 'undici';
import { UsageError } from '../model/errors.js';

/** One curl-style `--resolve host:port:address` entry. */
export interface ResolveEntry {
  host: string;
  port: number;
  address: string;
}

/** Parses `host:port:address` (an IPv6 address may be bracketed). */
export function parseResolve(value: string): ResolveEntry {
  const match = /^([^:\s/]+):(\d{1,5}):\[?([0-9a-fA-F:.]+)\]?$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535 || isIP(match[3]!) === 0) {
    throw new UsageError(`--resolve "${value}" is not host:port:address (e.g. api.example.com:443:127.0.0.1)`);
  }
  return { host: match[1]!.toLowerCase(), port, address: match[3]! };
}

/**
 * Wraps a connector so that mapped host:port pairs dial the given address, as
 * curl's --resolve does. TLS still verifies and sends SNI for the original name.
 */
export function resolvingConnector(
  entries: readonly ResolveEntry[],
  connect: buildConnector.connector,
): buildConnector.connector {
  if (entries.length === 0) return connect;
  const table = new Map(entries.map((entry) => [`${entry.host}:${entry.port}`, entry.address]));
  return (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    const address = table.get(`${options.hostname.toLowerCase()}:${port}`);
    if (address === undefined) return connect(options, callback);
    return connect({ ...options, hostname: address, servername: options.servername ?? options.hostname }, callback);
  };
}
