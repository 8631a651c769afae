import type { Transport } from '../http/transport.js';
import type { ResolveEntry } from '../http/resolve.js';

/** A stream the CLI writes to; process.stdout in production, a buffer in tests. */
export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  /** Where config and ignore files are looked for; the process's working directory when absent. */
  cwd?: string;
  /** stdin as a stream, so `--targets -` is read line by line instead of whole. */
  stdinStream?(): import('node:stream').Readable;
  /**
   * Calls `stop` on every SIGINT or SIGTERM until the returned function removes the
   * handlers (the first stops the scan, the second cuts it short; see interrupt.ts).
   */
  onInterrupt?(stop: (signal: string) => void): () => void;
  /**
   * Wraps the innermost layer of a scan's transport chain, the network (under retries,
   * redirects and the recorder). Tests answer their in-process lab through it without
   * sockets (test/helpers/lab-network.ts); the CLI leaves it unset.
   */
  network?(network: Transport, resolve: readonly ResolveEntry[]): Transport;
}
