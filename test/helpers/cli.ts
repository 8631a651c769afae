import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../../src/cli/io.js';
import { labNetwork } from './lab-network.js';

export const BIN = fileURLToPath(new URL('../../bin/corscan.js', import.meta.url));
/** Preloaded into every CLI process: DNS and connections beyond loopback are refused (see the file). */
export const LAB_GUARD = fileURLToPath(new URL('../../scripts/lab-guard.cjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /**
   * The working directory corscan sees: in-process, the IO's `cwd` (where config and ignore
   * files are found and SARIF locations are relative to); a process is started in it.
   */
  cwd?: string;
  /**
   * Run the built CLI as a real process. Only for what needs one: signals, exit of a real
   * process, stdout pipes, the bin shim, cold start. Everything else runs in-process.
   */
  process?: boolean;
  /**
   * In-process runs answer a running test lab's http server in memory (lab-network.ts);
   * `sockets` sends them over loopback like every other request.
   */
  sockets?: boolean;
}

/**
 * Runs corscan with these arguments, in-process through `runCli` with a buffering IO (the
 * same seam `cli/main.ts` uses), or as a real process when `process` asks for one.
 */
export function runCorscan(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return options.process ? spawnCorscan(args, options) : runInProcess(args, options);
}

async function runInProcess(args: string[], options: CliRunOptions): Promise<CliRun> {
  const { runCli } = await import('../../src/cli/commands/program.js');
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (text: string) => ((stdout += text), true) },
    stderr: { write: (text: string) => ((stderr += text), true) },
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdinStream: () => Readable.from(options.input === undefined ? [] : [options.input]),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.sockets ? {} : { network: labNetwork }),
  };
  const limit = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`corscan ${args.join(' ')} did not finish in ${limit} ms`)), limit);
  });
  try {
    const code = await Promise.race([runCli(args, io), timeout]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the built CLI as a real process (needs `npm run build`, which `npm test` does first). */
function spawnCorscan(args: string[], options: CliRunOptions): Promise<CliRun> {
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
