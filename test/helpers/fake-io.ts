import type { CliIO } from '../../src/cli/io.js';

/** A CliIO that keeps what the CLI writes, for in-process runs of `runCli`. */
export interface FakeIO extends CliIO {
  out(): string;
  err(): string;
}

export function fakeIO(options: { env?: NodeJS.ProcessEnv; cwd?: string; isTTY?: boolean } = {}): FakeIO {
  let stdout = '';
  let stderr = '';
  return {
    stdout: {
      write: (text: string) => {
        stdout += text;
        return true;
      },
      ...(options.isTTY ? { isTTY: true } : {}),
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
    },
    env: options.env ?? {},
    ...(options.cwd ? { cwd: options.cwd } : {}),
    out: () => stdout,
    err: () => stderr,
  };
}
