import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/corscan.js', import.meta.url));
/** Preloaded into every CLI process: DNS and connections beyond loopback are refused (see the file). */
export const LAB_GUARD = fileURLToPath(new URL('../../scripts/lab-guard.cjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process (needs `npm run build`, which `npm test` does first). */
export function runCorscan(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--require', LAB_GUARD, BIN, ...args],
      { env: { ...process.env, NO_COLOR: '1', ...options.env }, ...(options.cwd ? { cwd: options.cwd } : {}), timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}
