import { execFile, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_HOST } from '../../src/lab/policy.js';
import { POLICIES } from '../../src/lab/policies.js';
import { BIN, LAB_GUARD } from '../helpers/cli.js';
import { startLab, type Lab } from '../helpers/lab.js';

/** Lab policies whose findings carry long evidence: their JSON report is several times a pipe buffer (64 KB). */
const VULNERABLE = [
  'reflect-any-with-credentials', 'wildcard-credentials-cookie-echo', 'glob-unanchored-regex', 'policy-drifted', 'echo-origin-variable',
  'null-allowed', 'duplicate-acao', 'unescaped-dot-regex', 'includes-domain', 'subdomain-glob-naive', 'gateway-reflects-preflight',
];

let lab: Lab;
beforeAll(async () => {
  lab = await startLab(POLICIES.filter((policy) => VULNERABLE.includes(policy.name)));
});
afterAll(() => lab.close());

// A real process and a real pipe: EPIPE only exists there. The JSON report overflows the pipe
// buffer after `head` has gone, so corscan's writes fail with EPIPE.
function pipeToHead(args: string[]): Promise<{ code: string; stderr: string }> {
  const command = `set -o pipefail; "${process.execPath}" --require "${LAB_GUARD}" "${BIN}" ${args.join(' ')} | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}"`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (_error, stdout, stderr) =>
      resolve({ code: /exit=(\d+)/.exec(stdout)?.[1] ?? 'none', stderr }),
    );
  });
}

describe('a closed stdout pipe', () => {
  it('never changes the exit code: the scan still exits 1 for its findings, without an internal error', async () => {
    const targets = VULNERABLE.map((name) => lab.targetOf(name));
    const run = await pipeToHead(['scan', ...targets, '--resolve', `${LAB_HOST}:${lab.port}:127.0.0.1`, '--format', 'json', '--fail-on', 'high']);
    expect(run.code).toBe('1');
    expect(run.stderr).not.toMatch(/internal error/);
  }, 240_000);
});

describe('a closed stderr pipe', () => {
  it('ends the run with its own exit code, never an endless "internal error" loop', async () => {
    // stderr's reader goes away before corscan writes its first note (the unreachable target's).
    const child = spawn(process.execPath, ['--require', LAB_GUARD, BIN, 'scan', 'http://127.0.0.1:1/', '--retries', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.destroy();
    // Bounded: before the fix each failed write to stderr reported itself to stderr again, forever.
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(guard);
    expect(signal).toBeNull();
    expect(code).toBe(2);
  }, 60_000);
});
