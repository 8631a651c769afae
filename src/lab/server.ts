import { listenOnLoopback } from './listen.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { LabPolicy, LabResponse } from './policy.js';

export interface LabServer {
  /** `http://127.0.0.1:<port>` (`https://` with TLS) */
  url: string;
  port: number;
  /** Requests answered so far, per policy name. */
  requestCounts: Map<string, number>;
  close(): Promise<void>;
}

/** Header lines as a lab policy reads them: lower-cased names, repeated lines joined with ", ". */
function toLabHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/** What the lab answers to one request: a policy's answer, or 404 for an unknown policy. */
export interface LabAnswer extends LabResponse {
  /** The body, absent for HEAD. */
  body?: string;
}

/** The body every policy answers with (a HEAD gets none). */
const POLICY_BODY = '{"ok":true}\n';

/**
 * Answers `/<policy>/<rest>` (`target` is the request target: path and query) with that
 * policy, `<rest>` as its path, and counts it per policy. The one place the lab decides
 * an answer: the servers below and the tests' in-memory lab network (test/helpers) use it.
 */
export function answerLab(
  byName: ReadonlyMap<string, LabPolicy>,
  requestCounts: Map<string, number>,
  request: { method: string; target: string; rawHeaders: readonly string[] },
): LabAnswer {
  const url = new URL(request.target, 'http://lab.invalid');
  const [, name = '', ...rest] = url.pathname.split('/');
  const policy = byName.get(name);
  const withBody = (answer: LabResponse, body: string): LabAnswer => (request.method === 'HEAD' ? answer : { ...answer, body });
  if (!policy) return withBody({ status: 404, headers: [['Content-Type', 'text/plain']] }, 'no such policy\n');
  requestCounts.set(name, (requestCounts.get(name) ?? 0) + 1);
  return withBody(policy.handle({ method: request.method, path: `/${rest.join('/')}${url.search}`, headers: toLabHeaders(request.rawHeaders) }), POLICY_BODY);
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
    request.resume();
    const answer = answerLab(byName, requestCounts, { method: request.method ?? 'GET', target: request.url ?? '/', rawHeaders: request.rawHeaders });
    // Flat [name, value, ...] keeps duplicate header lines as separate lines.
    response.writeHead(answer.status, answer.headers.flat());
    response.end(answer.body);
  };
}
