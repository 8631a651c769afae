import { spawnSync } from 'node:child_process';
import { constants, createSecureServer, type Http2SecureServer, type Http2Session } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget, type TargetScan } from '../../src/engine/scan.js';
import { H2Sessions } from '../../src/http/h2-sessions.js';
import { parseResolve } from '../../src/http/resolve.js';
import { UndiciTransport } from '../../src/http/undici-transport.js';
import { POLICIES } from '../../src/lab/policies.js';
import { labHandler, startLabServer, type LabServer } from '../../src/lab/server.js';
import { LAB_TLS } from '../../src/lab/tls.js';
import { scanOptions } from '../helpers/scan-options.js';

/**
 * Every lab policy served twice over TLS, by Node's https server (HTTP/1.1) and by its
 * http2 secure server (h2 via ALPN, allowHTTP1), and scanned with the full rule set:
 * what the rules see, and so the findings, must not depend on the protocol.
 */

interface H2Lab {
  port: number;
  maxStreams: number;
  close(): Promise<void>;
}

async function startH2Lab(settings: { maxConcurrentStreams?: number } = {}, delayMs = 0): Promise<H2Lab> {
  const handler = labHandler(POLICIES, new Map());
  let streams = 0;
  const lab: H2Lab = { port: 0, maxStreams: 0, close: async () => undefined };
  const server: Http2SecureServer = createSecureServer({ ...LAB_TLS, allowHTTP1: true, settings }, (request, response) => {
    streams += 1;
    lab.maxStreams = Math.max(lab.maxStreams, streams);
    response.once('close', () => (streams -= 1));
    // Held a little when asked, so probes overlap and the stream limit is exercised.
    setTimeout(() => handler(request as unknown as IncomingMessage, response as unknown as ServerResponse), delayMs);
  });
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => (sessions.add(session), session.on('close', () => sessions.delete(session))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  lab.port = (server.address() as AddressInfo).port;
  lab.close = () =>
    new Promise<void>((resolve) => {
      for (const session of sessions) session.destroy();
      server.close(() => resolve());
    });
  return lab;
}

const HOST = 'api.victim.test';

/** Policies whose verdict hangs on header details: repeated lines, value casing, lists, redirects, preflights. */
const SEMANTICS = [
  'duplicate-acao',
  'acao-list',
  'acao-trailing-slash',
  'acac-capitalised',
  'missing-vary-origin',
  'allowlist-exact-with-credentials',
  'reflect-any-with-credentials',
  'wildcard-public',
  'preflight-grants-any',
  'max-age-ten-days',
  'expose-credentials',
  'redirect-trailing-slash',
  'no-cors',
];
const POLICIES_TESTED = POLICIES.filter((policy) => SEMANTICS.includes(policy.name));
const options = scanOptions({ trustedOrigins: ['https://app.victim.test'] });

let h1: LabServer;
let h2: H2Lab;
const scans = { h1: new Map<string, TargetScan>(), h2: new Map<string, TargetScan>() };

beforeAll(async () => {
  h1 = await startLabServer(POLICIES, { tls: LAB_TLS });
  h2 = await startH2Lab();
  for (const [side, port] of [['h1', h1.port], ['h2', h2.port]] as const) {
    const transport = new UndiciTransport({ timeoutMs: 10_000, perHostConnections: 6, insecure: true, resolve: [parseResolve(`${HOST}:${port}:127.0.0.1`)], userAgent: 'corscan-test' });
    for (const policy of POLICIES_TESTED) {
      const url = `https://${HOST}:${port}/${policy.name}${policy.targetPath ?? '/'}`;
      scans[side].set(policy.name, await scanTarget({ url, trustedOrigins: policy.trustedOrigins ?? [], ...(policy.expect ? { expect: policy.expect } : {}) }, options, transport));
    }
    await transport.close();
  }
}, 240_000);

afterAll(async () => {
  await h1.close();
  await h2.close();
});

/** What a rule can see of a response, with the port (the only difference between the servers) masked. */
const seen = (scan: TargetScan) =>
  scan.exchanges
    .map((exchange) => ({
      id: exchange.probe.id.replace(/:\d{2,5}\b/g, ':PORT'),
      status: exchange.response?.status,
      error: exchange.error?.code,
      // Names are lower case on the h2 wire (RFC 9113 §8.2.1); values, their order and repeated lines must match.
      headers: (exchange.response?.headers ?? [])
        .filter(([name]) => !/^(date|connection|keep-alive|transfer-encoding|content-length)$/i.test(name))
        .map(([name, value]) => [name.toLowerCase(), value.replace(/:\d{2,5}\b/g, ':PORT')]),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

const findings = (scan: TargetScan) => scan.findings.map((finding) => `${finding.ruleId} ${finding.severity} ${finding.message.replace(/:\d{2,5}\b/g, ':PORT')}`).sort();

describe.each(POLICIES_TESTED.map((policy) => [policy.name] as const))('%s over HTTP/1.1 and HTTP/2', (name) => {
  it('each side says which protocol it spoke', () => {
    expect(scans.h1.get(name)!.result.protocol).toBe('http/1.1');
    expect(scans.h2.get(name)!.result.protocol).toBe('h2');
  });

  it('the same responses (repeated lines, value casing, raw values) and the same findings', () => {
    expect(seen(scans.h2.get(name)!)).toEqual(seen(scans.h1.get(name)!));
    expect(findings(scans.h2.get(name)!)).toEqual(findings(scans.h1.get(name)!));
  });
});

describe('HTTP/2 streams', () => {
  it("never more streams at once than the server's SETTINGS_MAX_CONCURRENT_STREAMS", async () => {
    const limited = await startH2Lab({ maxConcurrentStreams: 3 }, 20);
    const transport = new UndiciTransport({ timeoutMs: 10_000, perHostConnections: 6, maxPerHostConnections: 16, insecure: true, resolve: [parseResolve(`${HOST}:${limited.port}:127.0.0.1`)], userAgent: 'corscan-test' });
    try {
      const scan = await scanTarget(`https://${HOST}:${limited.port}/allowlist-exact/`, options, transport);
      expect(scan.result.protocol).toBe('h2');
      expect(scan.result.status).toBe('scanned');
      expect(limited.maxStreams).toBeGreaterThan(1);
      expect(limited.maxStreams).toBeLessThanOrEqual(3);
    } finally {
      await transport.close();
      await limited.close();
    }
  }, 60_000);

  it('reads short bodies to their end instead of resetting each stream, so a rapid-reset guard never ends the session', async () => {
    // nghttp2 (Node's server) ends a connection with GOAWAY INTERNAL_ERROR after ~1000
    // RST_STREAM frames from the client (CVE-2023-44487), failing every stream on it.
    const server = createSecureServer(LAB_TLS, (_request, response) => response.end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const sessions = new H2Sessions({ timeoutMs: 10_000, insecure: true, resolve: [parseResolve(`${HOST}:${port}:127.0.0.1`)], onMaxStreams: () => undefined });
    const origin = `https://${HOST}:${port}`;
    const failures: string[] = [];
    try {
      expect(await sessions.protocolOf(origin)).toBe('h2');
      for (let batch = 0; batch < 150; batch += 1) {
        const requests = Array.from({ length: 10 }, () => sessions.request(`${origin}/`, 'GET', {}, AbortSignal.timeout(10_000)));
        for (const outcome of await Promise.allSettled(requests)) if (outcome.status === 'rejected') failures.push(String((outcome.reason as Error).message));
      }
    } finally {
      await sessions.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(failures).toEqual([]);
  }, 60_000);

  /**
   * A server that sends GOAWAY once a session has carried `after` streams (as servers
   * with a per-connection request limit do), with `code`, naming the stream that
   * triggered it as the last one it processes. Streams are answered 20 ms after they
   * arrive, so probes overlap; `answered` counts the answers that really went out.
   */
  async function startGoawayServer(after: number, code: number, { firstSessionOnly = false } = {}) {
    const answered = new Map<string, number>();
    const arrived = new Map<string, number>();
    let sessionsOpened = 0;
    const server = createSecureServer(LAB_TLS);
    server.on('session', () => (sessionsOpened += 1));
    const counts = new WeakMap<Http2Session, number>();
    server.on('stream', (stream, headers) => {
      // Streams above the last stream id are closed by the server with REFUSED_STREAM.
      stream.on('error', () => undefined);
      const path = String(headers[':path']);
      arrived.set(path, (arrived.get(path) ?? 0) + 1);
      const session = stream.session!;
      const count = (counts.get(session) ?? 0) + 1;
      counts.set(session, count);
      if (count === after && (!firstSessionOnly || sessionsOpened === 1)) session.goaway(code, stream.id!);
      setTimeout(() => {
        if (stream.destroyed || stream.closed) return;
        stream.respond({ ':status': 200, 'access-control-allow-origin': '*' });
        stream.end('{"ok":true}');
        answered.set(path, (answered.get(path) ?? 0) + 1);
      }, 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const sessions = new H2Sessions({ timeoutMs: 10_000, insecure: true, resolve: [parseResolve(`${HOST}:${port}:127.0.0.1`)], onMaxStreams: () => undefined });
    const origin = `https://${HOST}:${port}`;
    expect(await sessions.protocolOf(origin)).toBe('h2');
    const paths = Array.from({ length: 12 }, (_, i) => `/p${i}`);
    const outcomes = await Promise.allSettled(paths.map((path) => sessions.request(`${origin}${path}`, 'GET', {}, AbortSignal.timeout(10_000))));
    await sessions.close();
    server.close();
    return { paths, outcomes, answered, arrived, sessionsOpened: () => sessionsOpened };
  }

  it('17: a graceful GOAWAY after every 4 streams: the unprocessed streams go again on a new session, every probe gets its answer, none is answered twice', async () => {
    const { paths, outcomes, answered, sessionsOpened } = await startGoawayServer(4, constants.NGHTTP2_NO_ERROR);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.status : String(outcome.reason)))).toEqual(paths.map(() => 200));
    expect(Object.fromEntries(answered)).toEqual(Object.fromEntries(paths.map((path) => [path, 1])));
    // The probes sent again share one new session each round instead of dialling one each.
    expect(sessionsOpened()).toBeLessThanOrEqual(3);
  }, 60_000);

  it('17: a GOAWAY with an error: streams up to its last stream id may have been processed and fail, never sent twice; those above go again', async () => {
    const { paths, outcomes, answered, arrived } = await startGoawayServer(4, constants.NGHTTP2_INTERNAL_ERROR, { firstSessionOnly: true });
    const processed = paths.slice(0, 4);
    const refused = paths.slice(4);
    for (const [i, outcome] of outcomes.entries()) {
      if (processed.includes(paths[i]!)) expect(outcome.status).toBe('rejected');
      else expect(outcome.status === 'fulfilled' && outcome.value.status).toBe(200);
    }
    for (const path of processed) expect(arrived.get(path)).toBe(1);
    expect(Object.fromEntries(answered)).toEqual(Object.fromEntries(refused.map((path) => [path, 1])));
  }, 60_000);
});

describe('HTTP/2 sessions closing', () => {
  /**
   * Node aborts the process (`Assertion failed: (current_nghttp2_memory_) == (0)`) when it
   * garbage-collects a session destroyed in the same turn as a stream that got a header block
   * nghttp2 refused. It takes a process of its own: the abort is the failure, and the collector
   * is driven with --expose-gc. The modules come from dist/ (npm test builds first).
   */
  it('a server answering without :status: the scans end, the transports close, the collector runs, and the process does not abort', () => {
    const dist = (path: string) => JSON.stringify(pathToFileURL(fileURLToPath(new URL(`../../dist/${path}`, import.meta.url))).href);
    const script = `
      import { scanTarget } from ${dist('engine/scan.js')};
      import { UndiciTransport } from ${dist('http/undici-transport.js')};
      import { RULES } from ${dist('rules/index.js')};
      import { h2BadHeadersServer } from ${dist('lab/hostile/h2-servers.js')};
      const server = await h2BadHeadersServer('no-status');
      const options = { rules: RULES, headers: {}, trustedOrigins: [], failOn: 'high', concurrency: 6, secretHeaders: [], showSecrets: false, tool: { name: 'corscan', version: 'test' } };
      const codes = new Set();
      for (let round = 0; round < 5; round += 1) {
        await Promise.all(Array.from({ length: 10 }, async () => {
          const transport = new UndiciTransport({ timeoutMs: 10000, perHostConnections: 6, insecure: true, resolve: [], userAgent: 'corscan-test' });
          const scan = await scanTarget({ url: 'https://127.0.0.1:' + server.port + '/api/', trustedOrigins: [] }, options, transport);
          for (const exchange of scan.exchanges) codes.add(exchange.error?.code);
          await transport.close();
        }));
        for (let i = 0; i < 3; i += 1) {
          gc({ type: 'minor' });
          gc();
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      await server.close();
      console.log([...codes].join(' '));
    `;
    const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 50_000 });
    expect({ signal: child.signal, status: child.status, assertion: child.stderr.split('\n').find((line) => /Assertion|Error/.test(line)) }).toEqual({ signal: null, status: 0, assertion: undefined });
    expect(child.stdout.trim()).toBe('ERR_PROBE_PROTOCOL');
  }, 60_000);
});
