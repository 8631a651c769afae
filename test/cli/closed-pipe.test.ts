import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, LAB_GUARD } from '../helpers/cli.js';

// A real process and a real pipe: EPIPE only exists there. The demo's JSON report (hundreds
// of KB) overflows the pipe buffer after `head` has gone, so corscan's writes fail with EPIPE.
function pipeToHead(args: string[]): Promise<{ code: string; stderr: string }> {
  const command = `set -o pipefail; "${process.execPath}" --require "${LAB_GUARD}" "${BIN}" ${args.join(' ')} | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}"`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (_error, stdout, stderr) =>
      resolve({ code: /exit=(\d+)/.exec(stdout)?.[1] ?? 'none', stderr }),
    );
  });
}

describe('a closed stdout pipe', () => {
  it('never changes the exit code: the demo still exits 1 for its findings, without an internal error', async () => {
    const run = await pipeToHead(['demo', '--format', 'json', '--fail-on', 'high']);
    expect(run.code).toBe('1');
    expect(run.stderr).not.toMatch(/internal error/);
  }, 240_000);
});
