import type { ProbeErrorCode } from '../../model/exchange.js';
import type { TargetResult, TargetStatus } from '../../model/report.js';
import { DEFAULT_MAX_HOPS } from '../../http/redirect-transport.js';
import * as hostile from './servers.js';

/** What corscan must report for a scenario's target. */
export interface Expected {
  status: TargetStatus;
  /** The target's error code, when it is not `scanned`. */
  code?: ProbeErrorCode;
  /** Must match the target's error message (e.g. the TLS hint). */
  message?: RegExp;
  /** Rule ids that must be among the target's findings. */
  findings?: string[];
}

/** A running scenario: the target to scan, the CLI arguments it needs, and what must come out. */
export interface ScenarioRun {
  target: string;
  args: string[];
  env?: Record<string, string>;
  expected: Expected;
  /** Extra checks after the scan (e.g. what a bystander server saw), given the target's result; returns problems. */
  check?: (target: TargetResult | undefined) => string[];
  close(): Promise<void>;
}

export interface Scenario {
  name: string;
  /** What the server does wrong. */
  what: string;
  start(): Promise<ScenarioRun>;
}

const url = (server: hostile.HostileServer, path = '/api/'): string => `http://${server.host}:${server.port}${path}`;

/** A scenario whose single server is scanned at `url(server)`. */
function simple(name: string, what: string, make: () => Promise<hostile.HostileServer>, expected: Expected): Scenario {
  return {
    name,
    what,
    async start() {
      const server = await make();
      return { target: url(server), args: [], expected, close: () => server.close() };
    },
  };
}

/** Names that RFC 6761 §6.4 reserves to never resolve; the lab guard fails them locally, without a DNS query. */
/** An HTTPS server with a fresh self-signed certificate; `extra` adds run arguments or environment. */
function selfSigned(
  name: string,
  what: string,
  extra: (identity: Awaited<ReturnType<typeof hostile.makeSelfSigned>>) => { args?: string[]; env?: Record<string, string> },
  expected: Expected,
): Scenario {
  return {
    name,
    what,
    async start() {
      const identity = await hostile.makeSelfSigned();
      const server = await hostile.tlsServer(identity);
      const { args = [], env } = extra(identity);
      return {
        target: `https://localhost:${server.port}/api/`,
        args: ['--resolve', `localhost:${server.port}:127.0.0.1`, ...args],
        ...(env ? { env } : {}),
        expected,
        close: async () => {
          await server.close();
          await identity.dispose();
        },
      };
    },
  };
}

export const UNRESOLVABLE_HOST = 'api.corscan-nowhere.invalid';

/** Every hostile scenario with its expected outcome. Errors are data: no scenario may crash or hang corscan. */
export const SCENARIOS: Scenario[] = [
  simple('slowloris-headers', 'sends the header section one byte a second, forever', hostile.slowHeaders, {
    status: 'unreachable',
    code: 'ERR_PROBE_TIMEOUT',
  }),
  // The headers arrived; the per-probe deadline cuts the trickling body and the answer counts.
  simple('slow-body', 'sends complete headers, then the body one byte a second', hostile.slowBody, {
    status: 'scanned',
    findings: ['wildcard-origin'],
  }),
  // Rules need headers, not bodies: the headers count, the body is drained up to a limit and dropped.
  simple('endless-body', 'sends a chunked body that never ends, as fast as it is read', hostile.endlessBody, {
    status: 'scanned',
    findings: ['wildcard-origin'],
  }),
  simple('huge-headers', 'sends 1 MB of response headers', () => hostile.hugeHeaders(1024 * 1024), {
    status: 'unreachable',
    code: 'ERR_PROBE_TOO_LARGE',
  }),
  simple('many-header-lines', 'sends 10,000 header lines', () => hostile.manyHeaderLines(10_000), {
    status: 'unreachable',
    code: 'ERR_PROBE_TOO_LARGE',
  }),
  simple('invalid-header-bytes', 'puts NUL and a bare CR in a header value', hostile.invalidHeaderBytes, {
    status: 'unreachable',
    code: 'ERR_PROBE_PROTOCOL',
  }),
  simple('acao-twice', 'sends Access-Control-Allow-Origin twice with different casing', hostile.acaoTwice, {
    status: 'scanned',
    findings: ['multiple-acao'],
  }),
  // C1 controls are valid obs-text bytes to HTTP: the header is judged, and reporters must not replay it raw.
  simple('terminal-escapes', 'puts UTF-8 encoded C1 controls (CSI) into Access-Control-Allow-Origin', hostile.terminalEscapes, {
    status: 'scanned',
    findings: ['invalid-acao'],
  }),
  simple('http-1.0', 'answers in HTTP/1.0 without keep-alive, body ended by close', hostile.http10, {
    status: 'scanned',
    findings: ['wildcard-origin'],
  }),
  simple('reset-mid-headers', 'resets the connection (RST) in the middle of the headers', hostile.resetMidHeaders, {
    status: 'unreachable',
    code: 'ERR_PROBE_RESET',
  }),
  // Some probes answered, some not: `partial`, the error kept, the rules that could check still report.
  simple('partial-resets', 'resets only the requests that carry Origin: null', hostile.resetsNullOrigin, {
    status: 'partial',
    code: 'ERR_PROBE_RESET',
    findings: ['wildcard-origin'],
  }),
  // Issue 14 item 4: 40 of 41 probes fail; the target is partial, named on stderr, and its blind gating rules fail the gate.
  simple('mostly-100-continue', 'sends an unsolicited 100 Continue to every request but preflights', hostile.mostlyContinue, {
    status: 'partial',
    code: 'ERR_PROBE_PROTOCOL',
  }),
  {
    name: 'closed-port',
    what: 'nothing listens on the port',
    async start() {
      const port = await hostile.closedPort();
      return {
        target: `http://127.0.0.1:${port}/api/`,
        args: [],
        expected: { status: 'unreachable', code: 'ERR_PROBE_CONNECT' },
        close: async () => undefined,
      };
    },
  },
  {
    name: 'tls-handshake-failure',
    what: 'answers the TLS ClientHello with a handshake_failure alert',
    async start() {
      const server = await hostile.tlsHandshakeFailure();
      return {
        target: `https://${server.host}:${server.port}/api/`,
        args: [],
        expected: { status: 'unreachable', code: 'ERR_PROBE_TLS' },
        close: () => server.close(),
      };
    },
  },
  selfSigned('self-signed-cert', 'serves HTTPS with a self-signed certificate', () => ({}), {
    status: 'unreachable',
    code: 'ERR_PROBE_TLS',
    message: /--insecure.*NODE_EXTRA_CA_CERTS/,
  }),
  selfSigned('self-signed-insecure', 'self-signed certificate, scanned with --insecure', () => ({ args: ['--insecure'] }), {
    status: 'scanned',
    findings: ['wildcard-origin'],
  }),
  selfSigned(
    'self-signed-extra-ca',
    'self-signed certificate, trusted through NODE_EXTRA_CA_CERTS',
    (identity) => ({ env: { NODE_EXTRA_CA_CERTS: identity.certFile } }),
    { status: 'scanned', findings: ['wildcard-origin'] },
  ),
  // Redirects are followed hop by hop up to DEFAULT_MAX_HOPS (src/http/redirect-transport.ts); the last 3xx is kept.
  {
    name: 'redirect-loop',
    what: 'redirects every request to itself',
    async start() {
      const server = await hostile.redirectLoop();
      return {
        target: url(server),
        args: [],
        expected: { status: 'scanned' },
        // Bounded: each probe costs at most 1 + DEFAULT_MAX_HOPS requests (one connection each: Connection: close).
        check: (target) => {
          const limit = (target?.requests ?? 0) * (1 + DEFAULT_MAX_HOPS);
          return server.connections() > limit ? [`${server.connections()} requests to the loop, bound ${limit}`] : [];
        },
        close: () => server.close(),
      };
    },
  },
  {
    name: 'redirect-other-host',
    what: 'redirects to another host; that host must see no request carrying user headers',
    async start() {
      const bystander = await hostile.recordingServer();
      const server = await hostile.redirectTo(`http://other.corscan.test:${bystander.port}/landing`);
      return {
        target: url(server),
        args: [
          '--resolve', `other.corscan.test:${bystander.port}:127.0.0.1`,
          '--header', 'Authorization: Bearer hostile-lab-secret',
          '--header', 'Cookie: session=hostile-lab-cookie',
          '--header', 'X-Api-Key: hostile-lab-key',
        ],
        expected: { status: 'scanned', findings: ['wildcard-origin'] },
        // The redirect is followed (so the other host is reached), but never with the user's headers.
        check: () => [
          ...(bystander.heads.length === 0 ? ['the redirect was not followed: the other host saw no request'] : []),
          ...bystander.heads.flatMap((head) =>
            /^(authorization|cookie|x-api-key):|hostile-lab/im.test(head) ? [`the other host received user headers: ${head.split('\r\n')[0]}`] : [],
          ),
        ],
        close: async () => {
          await server.close();
          await bystander.close();
        },
      };
    },
  },
  simple('informational-1xx', 'sends 102 Processing and 103 Early Hints before the response', hostile.informational, {
    status: 'scanned',
    findings: ['wildcard-origin'],
  }),
  // undici refuses a 100 Continue it did not ask for; corscan reports it as a protocol error, named.
  simple('unsolicited-100-continue', 'sends 100 Continue to a request that did not expect it', hostile.unsolicitedContinue, {
    status: 'unreachable',
    code: 'ERR_PROBE_PROTOCOL',
    message: /100 Continue/,
  }),
  simple('empty-response', 'accepts the connection and closes it without a byte', hostile.emptyResponse, {
    status: 'unreachable',
    code: 'ERR_PROBE_EMPTY',
  }),
  {
    name: 'ipv6-loopback',
    what: 'listens on [::1] only',
    async start() {
      if (!(await hostile.ipv6LoopbackAvailable())) {
        // No IPv6 on this machine: the documented outcome is a connect error, not a skip.
        return { target: 'http://[::1]:9/api/', args: [], expected: { status: 'unreachable', code: 'ERR_PROBE_CONNECT' }, close: async () => undefined };
      }
      const server = await hostile.ipv6Server();
      return { target: url(server), args: [], expected: { status: 'scanned', findings: ['wildcard-origin'] }, close: () => server.close() };
    },
  },
  {
    name: 'unresolvable-name',
    what: 'a host name that does not resolve (.invalid, RFC 6761)',
    async start() {
      return {
        target: `http://${UNRESOLVABLE_HOST}/api/`,
        args: [],
        expected: { status: 'unreachable', code: 'ERR_PROBE_DNS' },
        close: async () => undefined,
      };
    },
  },
];
