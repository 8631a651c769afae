import type { CliIO } from '../../src/cli/io.js';

/** An in-memory CliIO: what the CLI wrote to stdout and stderr, and the environment it saw. */
export function memoryIo(env: NodeJS.ProcessEnv = {}): { io: CliIO; stdout(): string; stderr(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (text: string) => out.push(text) > 0 },
      stderr: { write: (text: string) => err.push(text) > 0 },
      env: { NO_COLOR: '1', ...env },
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
