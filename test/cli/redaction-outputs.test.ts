import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/commands/program.js';
import { FORMATS } from '../../src/report/formats.js';

/**
 * Issue 13 §3, 14.13, 14.16: one redaction policy for every output. A server echoes
 * every credential it gets (request headers, the query's API key, a URL with
 * userinfo) in other response headers, a WWW-Authenticate challenge and a redirect;
 * every report format, the recording, a replay of it and the PoC pages are then
 * searched for each secret. In process: runCli with a fake IO.
 */
const SECRETS = {
  authorization: 'AUTH-SECRET-abcdef12',
  cookie: 'COOKIE-SECRET-3456789',
  apiKeyHeader: 'APIKEY-HEADER-SECRET-77',
  query: 'QUERY-SECRET-1234567',
  userinfo: 'USERINFO-SECRET-98765',
};

let server: Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    seen.push(`${url} ${req.headers.authorization ?? ''} ${req.headers['x-api-key'] ?? ''}`);
    const origin = req.headers.origin ?? '*';
    const common = {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'X-Echo-Url': url,
      'X-Echo-Auth': req.headers.authorization ?? '',
      'X-Echo-Key': String(req.headers['x-api-key'] ?? ''),
      'X-Echo-Cookie': req.headers.cookie ?? '',
      'WWW-Authenticate': `Bearer realm="${req.headers.authorization ?? ''}"`,
      'Content-Location': `http://carol:${SECRETS.userinfo}@127.0.0.1:${port}/`,
    };
    // The target redirects to the API with the key in the Location: the hop is recorded.
    if (url.startsWith('/start') && req.method !== 'OPTIONS') {
      res.writeHead(302, { ...common, Location: `/api/?api_key=${SECRETS.query}&hop=1` });
    } else {
      res.writeHead(200, { ...common, 'Content-Type': 'application/json' });
    }
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Runs the CLI in process; returns exit code, stdout and stderr. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: { NO_COLOR: '1' } };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Every file under `dir` with its text. */
function filesIn(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [path, readFileSync(path, 'utf8')];
    });
}

describe('one redaction policy for every output', () => {
  it('no secret in any report format, the recording, a replay of it, the PoC pages, stdout or stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corscan-redaction-'));
    try {
      const target = `http://127.0.0.1:${port}/start?api_key=${SECRETS.query}&view=1`;
      const secretArgs = [
        '--header', `Authorization: Bearer ${SECRETS.authorization}`,
        '--header', `Cookie: sid=${SECRETS.cookie}`,
        '--header', `X-Api-Key: ${SECRETS.apiKeyHeader}`,
        '--secret-header', 'x-api-key',
        '--fail-on', 'none',
      ];
      const formats = (prefix: string) => FORMATS.flatMap((format) => ['-f', `${format}:${join(dir, `${prefix}.${format}`)}`]);
      const recording = join(dir, 'run.recording.json');
      const live = await cli(['scan', target, ...secretArgs, ...formats('live'), '-f', 'json', '--record', recording, '--poc', join(dir, 'poc')]);
      expect(live.stderr).not.toMatch(/internal error/);
      expect(live.code).toBe(0);
      const replay = await cli(['scan', target, ...secretArgs, ...formats('replay'), '-f', 'table', '--replay', recording]);
      expect(replay.code).toBe(0);

      // The secrets really went out and came back, so this test can fail ...
      expect(seen.some((line) => line.includes(SECRETS.query) && line.includes(SECRETS.authorization) && line.includes(SECRETS.apiKeyHeader))).toBe(true);
      const files = filesIn(dir);
      expect(files.map(([path]) => path.slice(dir.length + 1)).sort()).toEqual(
        expect.arrayContaining([...FORMATS.map((format) => `live.${format}`), ...FORMATS.map((format) => `replay.${format}`), 'run.recording.json']),
      );
      expect(files.some(([path]) => path.includes(`${join(dir, 'poc')}`))).toBe(true);
      expect(readFileSync(recording, 'utf8')).toContain('[redacted]');
      // ... and none of them is in any output.
      const outputs: Array<[string, string]> = [...files, ['live stdout', live.stdout], ['live stderr', live.stderr], ['replay stdout', replay.stdout], ['replay stderr', replay.stderr]];
      for (const [where, text] of outputs) {
        for (const [name, secret] of Object.entries(SECRETS)) expect(text.includes(secret), `${name} in ${where}`).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('--show-secrets keeps them (the policy, not the server, hides them)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corscan-redaction-'));
    try {
      const recording = join(dir, 'run.recording.json');
      const run = await cli(['scan', `http://127.0.0.1:${port}/api/?api_key=${SECRETS.query}`, '--header', `Authorization: Bearer ${SECRETS.authorization}`, '--show-secrets', '--fail-on', 'none', '-f', 'json', '--record', recording]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(SECRETS.query);
      expect(run.stdout).toContain(SECRETS.authorization);
      expect(readFileSync(recording, 'utf8')).toContain(SECRETS.authorization);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
