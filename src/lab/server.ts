import { listenOnLoopback } from './listen.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { LabPolicy, LabRequest } from './policy.js';

export interface LabServer {
  /** `http://127.0.0.1:<port>` (`https://` with TLS) */
  url: string;
  port: number;
  /** Requests answered so far, per policy name. */
  requestCounts: Map<string, number>;
  close(): Promise<void>;
}

function toLabRequest(request: IncomingMessage, path: string): LabRequest {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    const value = request.rawHeaders[i + 1]!;
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { method: request.method ?? 'GET', path, headers };
}

/**
 * Serves named policies on 127.0.0.1 with an OS-chosen port: `/<policy>/<rest>`
 * is answered by that policy with `<rest>` as its path. Unknown policies get 404.
 */
export async function startLabServer(policies: readonly LabPolicy[], options: { tls?: { key: string; cert: string } } = {}): Promise<LabServer> {
  const requestCounts = new Map<string, number>();
  const handler = labHandler(policies, requestCounts);
  const server = options.tls ? createTlsServer(options.tls, handler) : createServer(handler);
  const { port, close } = await listenOnLoopback(server);
  return { url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`, port, requestCounts, close };
}

/**
 * The lab's request handler: `/<policy>/<rest>` answered by that policy, counted per
 * policy. Shared with the HTTP/2 side of the h1/h2 equivalence tests (Node's http2
 * compatibility API takes the same handler).
 */
export function labHandler(policies: readonly LabPolicy[], requestCounts: Map<string, number>): (request: IncomingMessage, response: ServerResponse) => void {
  const byName = new Map(policies.map((policy) => [policy.name, policy]));
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://lab.invalid');
    const [, name = '', ...rest] = url.pathname.split('/');
    const policy = byName.get(name);
    request.resume();
    if (!policy) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such policy\n');
      return;
    }
    requestCounts.set(name, (requestCounts.get(name) ?? 0) + 1);
    const answer = policy.handle(toLabRequest(request, `/${rest.join('/')}${url.search}`));
    // Flat [name, value, ...] keeps duplicate header lines as separate lines.
    response.writeHead(answer.status, answer.headers.flat());
    response.end(request.method === 'HEAD' ? undefined : '{"ok":true}\n');
  };
}
