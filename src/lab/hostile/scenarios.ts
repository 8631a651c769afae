import type { ProbeErrorCode } from '../../model/exchange.js';
import type { ScanReport, TargetResult, TargetStatus } from '../../model/report.js';
import { DEFAULT_MAX_HOPS } from '../../http/redirect-transport.js';
import { h2BadHeadersServer, h2OnlyDroppingFirst, type H2BadAnswer } from './h2-servers.js';
import { echoesSecrets, hugeAcao, manyAcaoLines, markdownAcao, whitespaceAceh } from './report-servers.js';
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

/** What one corscan run wrote: the JSON report, every other format and the recording (as text), and stderr. */
export interface RunOutputs {
  report?: ScanReport;
  /** The JSON report as written. */
  json: string;
  table: string;
  markdown: string;
  sarif: string;
  html: string;
  recording: string;
  stderr: string;
}

/** A running scenario: the target to scan, the CLI arguments it needs, and what must come out. */
export interface ScenarioRun {
  target: string;
  /** Other targets on the scenario's servers, scanned in the same run, each with its own expectation. */
  also?: { target: string; expected: Expected }[];
  args: string[];
  env?: Record<string, string>;
  expected: Expected;
  /** Extra checks after the scan (what a bystander server saw, what the outputs hold), given the target's result; returns problems. */
  check?: (target: TargetResult | undefined, outputs: RunOutputs) => string[];
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

/** The user's secrets some scenarios send (the same values in every scenario, so one shared run can hold them all). */
const SECRETS = ['hostile-lab-secret', 'hostile-lab-cookie', 'hostile-lab-key'];
const SECRET_HEADER_ARGS = ['--header', `Authorization: Bearer ${SECRETS[0]}`, '--header', `Cookie: session=${SECRETS[1]}`, '--header', `X-Api-Key: ${SECRETS[2]}`];

/** Raw C0/C1 controls (tab and line breaks aside): none may reach any output (item 15). */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Markdown that would still render as a link or an image once code spans, escapes and the rule's docs links are removed (item 14). */
function liveMarkdownLinks(markdown: string, needle: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.includes(needle))
    .filter((line) => /!?\[[^\]]*\]\(/.test(line.replace(/\[`[a-z-]+`\]\([^)]*\)/g, '').replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '').replace(/\\[\\`*_{}[\]()!|~]/g, '')));
}

/** HTTP/2 scenarios run over the lab certificate: they need the run-wide --insecure. */
function h2Scenario(name: string, what: string, start: () => Promise<hostile.HostileServer>, expected: Expected): Scenario {
  return {
    name,
    what,
    async start() {
      const server = await start();
      return { target: `https://127.0.0.1:${server.port}/api/`, args: ['--insecure'], expected, close: () => server.close() };
    },
  };
}

/** Item 17: answers the HTTP/1.1 parser refuses, each its own server. */
const PARSER_SCENARIOS: Scenario[] = (Object.keys(hostile.PARSER_ERROR_ANSWERS) as hostile.ParserErrorAnswer[]).map((answer) =>
  simple(`parser-${answer}`, `answers with ${answer === 'http-0.9' ? 'no status line' : answer === 'h2c-preface' ? 'HTTP/2 frames (an h2c server)' : `a header with ${answer}`}`, () => hostile.parserErrorServer(answer), {
    status: 'unreachable',
    code: 'ERR_PROBE_PROTOCOL',
    ...(answer === 'h2c-preface' ? { message: /speaks only HTTP\/2/ } : answer === 'http-0.9' ? { message: /HTTP\/0\.9/ } : {}),
  }),
);

/** HTTP/2 scenarios (item 17); they need --insecure for the whole run (see test/hostile/hostile-lab.test.ts). */
export const H2_SCENARIOS: Scenario[] = [
  ...(['upper-case-name', 'no-status'] as H2BadAnswer[]).map((answer) =>
    h2Scenario(`h2-${answer}`, `speaks h2 and answers with a header block nghttp2 refuses (${answer})`, () => h2BadHeadersServer(answer), {
      status: 'unreachable',
      code: 'ERR_PROBE_PROTOCOL',
    }),
  ),
  h2Scenario('h2-only-refuses-http1', 'offers only h2 by ALPN and drops the first connection (corscan falls back to HTTP/1.1)', h2OnlyDroppingFirst, {
    status: 'unreachable',
    code: 'ERR_PROBE_TLS',
    message: /speaks only HTTP\/2/,
  }),
];

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
  // Item 15: escaped in every output (JSON and SARIF as \u009b).
  {
    name: 'terminal-escapes',
    what: 'puts UTF-8 encoded C1 controls (CSI) into Access-Control-Allow-Origin',
    async start() {
      const server = await hostile.terminalEscapes();
      return {
        target: url(server),
        args: [],
        expected: { status: 'scanned', findings: ['invalid-acao'] },
        check: (_target, outputs) =>
          (['json', 'table', 'markdown', 'sarif', 'html', 'stderr'] as const).flatMap((output) => [
            ...(CONTROLS.test(outputs[output]) ? [`raw control characters in ${output}`] : []),
            ...(output !== 'stderr' && !outputs[output].includes('\\u009b') ? [`${output} does not show the CSI as \\u009b`] : []),
          ]),
        close: () => server.close(),
      };
    },
  },
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
        args: ['--resolve', `other.corscan.test:${bystander.port}:127.0.0.1`, ...SECRET_HEADER_ARGS],
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
  // Item 5: a timeout on one path is that path's; the healthy path on the same host is judged.
  {
    name: 'stalled-path-beside-healthy',
    what: 'one host: /slow/ never answers, /ok/ answers at once',
    async start() {
      const server = await hostile.stalledPathBesideHealthy();
      return {
        target: url(server, '/ok/api/'),
        also: [{ target: url(server, '/slow/api/'), expected: { status: 'unreachable', code: 'ERR_PROBE_TIMEOUT' } }],
        args: [],
        expected: { status: 'scanned', findings: ['wildcard-origin'] },
        close: () => server.close(),
      };
    },
  },
  // Item 6: a 60 KB value and 2,000 lines are capped in human formats (the run's time bound covers rendering).
  {
    name: 'huge-acao',
    what: 'sends one 60 KB Access-Control-Allow-Origin',
    async start() {
      const server = await hugeAcao();
      return {
        target: url(server),
        args: [],
        expected: { status: 'scanned' },
        check: (_target, outputs) => [
          ...(/…\(\d{5} bytes\)/.test(outputs.table) ? [] : ['the table does not cap the 60 KB value']),
          ...(outputs.table.includes('a'.repeat(1000)) || outputs.markdown.includes('a'.repeat(1000)) ? ['a human format shows the 60 KB value whole'] : []),
        ],
        close: () => server.close(),
      };
    },
  },
  simple('many-acao-lines', 'sends 2,000 Access-Control-Allow-Origin lines', manyAcaoLines, { status: 'scanned', findings: ['multiple-acao'] }),
  // Item 7: a long run of tabs and spaces inside a header list is parsed in linear time.
  simple('whitespace-aceh', 'sends Access-Control-Expose-Headers with 60,000 tabs and spaces', whitespaceAceh, { status: 'scanned', findings: ['wildcard-origin'] }),
  // Item 13: secrets the server echoes in other headers stay out of the recording and every report.
  {
    name: 'echoes-secrets',
    what: 'echoes the Authorization and Cookie values in X-Echo and WWW-Authenticate',
    async start() {
      const server = await echoesSecrets();
      return {
        target: url(server),
        args: SECRET_HEADER_ARGS,
        expected: { status: 'scanned', findings: ['wildcard-origin'] },
        check: (_target, outputs) => {
          // Authorization and Cookie are secret by default (X-Api-Key only with --secret-header).
          const secret = SECRETS.slice(0, 2);
          const leaks = Object.entries({ ...outputs, report: '' }).flatMap(([output, text]) => secret.filter((value) => String(text).includes(value)).map((value) => `${output} holds ${value}`));
          return [...(outputs.recording.includes('X-Echo') || outputs.recording.includes('x-echo') ? [] : ['the recording has no X-Echo header']), ...leaks];
        },
        close: () => server.close(),
      };
    },
  },
  // Item 14: Markdown in a header renders as text in the markdown report.
  {
    name: 'markdown-injection',
    what: 'puts an image and a link in Markdown into Access-Control-Allow-Origin',
    async start() {
      const server = await markdownAcao();
      return {
        target: url(server),
        args: [],
        expected: { status: 'scanned' },
        check: (_target, outputs) => [
          ...(outputs.markdown.includes('evil.example') ? [] : ['the markdown report does not show the value']),
          ...liveMarkdownLinks(outputs.markdown, 'evil.example').map((line) => `live Markdown link: ${line.slice(0, 120)}`),
        ],
        close: () => server.close(),
      };
    },
  },
  // Item 20: the same request answered differently is named.
  {
    name: 'flapping-acao',
    what: 'alternates per request between reflecting the Origin and sending no CORS headers',
    async start() {
      const server = await hostile.alternatingAcao();
      return {
        target: url(server),
        args: [],
        expected: { status: 'scanned' },
        check: (target, outputs) => [
          ...(target?.flapping?.some((flap) => flap.field === 'access-control-allow-origin') ? [] : ['no flapping warning in the report']),
          ...(outputs.stderr.includes(`${target?.url} answered the same request differently`) ? [] : ['no flapping warning on stderr']),
        ],
        close: () => server.close(),
      };
    },
  },
  ...PARSER_SCENARIOS,
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
