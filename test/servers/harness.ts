import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/commands/program.js';
import type { ScanReport } from '../../src/model/report.js';

/** The name every configuration is scanned under (mapped to 127.0.0.1 with --resolve), and its front end. */
export const API_HOST = 'api.example.test';
export const FRONTEND = 'https://app.example.test';

/**
 * One configuration of a real server, with the label it must get. `expect` lists every rule
 * that must fire, and nothing else may fire at any severity. `live` is what the running
 * server answered when the label was made (curl), the reason for the label; it is printed
 * when the verdict differs.
 */
export interface ServerConfig {
  name: string;
  /** A configuration a careful engineer would ship (the suite needs at least a third of them). */
  correct: boolean;
  expect: string[];
  live: string;
  /** Declared with --trusted-origin (a user passes the front ends it really has). */
  trusted?: string[];
  /** The path scanned, under the configuration's own prefix; default `api/me`. */
  path?: string;
  /** The policy the team means to deploy, given as the target's `expect` in a config file. */
  policy?: { allowedOrigins: string[]; credentials?: boolean; methods?: string[]; headers?: string[] };
  /** Extra CLI arguments of this scan (`--unsafe-methods`, `--header …`), as a user would add them. */
  args?: string[];
  /** Rule outcomes the report must show besides the findings (`pass` where a defect stays out of reach). */
  outcomes?: Record<string, 'pass' | 'fail' | 'not-applicable'>;
  /** Checks on the JSON report beyond the rule ids (trusted origins, fixes); `dir` is the stack's temp dir. */
  verify?: (report: ScanReport, dir: string) => void | Promise<void>;
}

/** A stack's running server(s): the port and path prefix serving one configuration. */
export interface Running {
  where(config: string): { port: number; prefix: string };
  /** The request methods one configuration's server received, where the stack counts them. */
  methodsSeen?(config: string): string[];
  stop(): Promise<void>;
}

export interface Stack {
  name: string;
  configs: ServerConfig[];
  start(dir: string): Promise<Running>;
}

/**
 * A free port for a child server to bind. Not one from listen(0): the stacks start at once,
 * and a port the OS handed out and released could go to the next listen(0) (a Node stack of
 * this file) or to an outgoing connection before the child bound it; the child then failed to
 * bind and its configuration was answered by another server, which still accepts connections
 * (a django configuration once got an Express app's findings). These ports lie below the
 * kernel's ephemeral range (net.ipv4.ip_local_port_range), which listen(0) and outgoing
 * connections draw from, and no port is handed out twice in a run.
 */
export async function freePort(): Promise<number> {
  const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  const top = Math.min(low ?? 32_768, 32_768);
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = top - 1 - Math.floor(Math.random() * 12_000);
    if (port < 1024 || HANDED_OUT.has(port)) continue;
    HANDED_OUT.add(port);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port below ${top} after 200 tries`);
}
const HANDED_OUT = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function tempDir(stack: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `corscan-servers-${stack}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a server as a child process of the test (never a system service) and waits, bounded,
 * until every port accepts connections. The child is stopped by its own pid.
 */
export async function spawnServer(command: string, args: string[], options: { cwd: string; ports: number[]; env?: NodeJS.ProcessEnv }): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 8_000) stderr += chunk.toString();
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => ((exited = true), resolve()));
    // A missing binary (ENOENT) is an 'error' without 'exit': say what to install instead of crashing the worker.
    child.once('error', (error) => {
      stderr += `${error.message} (the Debian packages this suite needs are installed by .ci/run)`;
      exited = true;
      resolve();
    });
  });
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exit;
    clearTimeout(killer);
  };
  for (let attempt = 0; attempt < 150; attempt++) {
    if (exited) throw new Error(`${command} ${args.join(' ')} exited before listening:\n${stderr}`);
    const up = await Promise.all(options.ports.map(canConnect));
    if (up.every(Boolean)) return { stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${command} did not listen on ${options.ports.join(', ')} within 15 s:\n${stderr}`);
}

/**
 * Scans one configuration with the real CLI in-process (fake IO) and returns its JSON report;
 * an expected policy goes in a config file in `dir`, as a user would write it.
 */
export async function scanConfig(config: ServerConfig, url: string, port: number, dir: string): Promise<ScanReport> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  };
  const args = ['scan', '--resolve', `${API_HOST}:${port}:127.0.0.1`, '--format', 'json', '--fail-on', 'none', '--no-ignores', '--quiet', '--timeout', '10'];
  for (const origin of config.trusted ?? []) args.push('--trusted-origin', origin);
  args.push(...(config.args ?? []));
  if (config.policy) args.push('--config', writeFile(dir, `${config.name}.corscan.json`, JSON.stringify({ targets: [{ url, expect: config.policy }] })));
  else args.push(url);
  const code = await runCli(args, io);
  if (code !== 0) throw new Error(`corscan exited ${code} on ${url}: ${stderr}`);
  return JSON.parse(stdout) as ScanReport;
}

/** `corscan policy --from-report` on a scan's JSON report, in-process: what a user pastes from the fix. */
export async function policyFromReport(report: ScanReport, dir: string, name: string): Promise<string> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: {} };
  const code = await runCli(['policy', '--from-report', writeFile(dir, `${name}.report.json`, JSON.stringify(report))], io);
  if (code !== 0) throw new Error(`corscan policy --from-report exited ${code}: ${stderr}`);
  return stdout;
}

/** Origins a fix names: the `Origin: …` it answers and the `--origin` flags of its policy command. */
function fixOrigins(text: string): string[] {
  return [...text.matchAll(/(?:Origin: |--origin )([^\s`,;)]+)/g)].map((match) => match[1]!);
}

/**
 * A `verify` for configurations whose matcher is broken: the report's trusted origins are
 * exactly `origins`, and every fix (each finding's remediation, `corscan policy --from-report`)
 * names those and nothing else, never a candidate or look-alike only the broken matcher granted.
 */
export function trustsExactly(origins: string[]): NonNullable<ServerConfig['verify']> {
  return async (report, dir) => {
    const { declared, learned } = report.targets[0]!.trustedOrigins;
    expect([...declared, ...learned].sort(), 'trusted origins in the report').toEqual([...origins].sort());
    for (const finding of report.findings) {
      const named = fixOrigins(finding.remediation);
      expect(named.length, `${finding.ruleId} fix names an origin`).toBeGreaterThan(0);
      for (const origin of named) expect(origins, `${finding.ruleId} fix`).toContain(origin);
    }
    const policy = await policyFromReport(report, dir, `${report.targets[0]!.url.split('/')[3]}`);
    const granted = [...policy.matchAll(/Access-Control-Allow-Origin: (\S+)/g)].map((match) => match[1]!);
    expect(new Set(granted), 'corscan policy --from-report').toEqual(new Set(origins));
  };
}
