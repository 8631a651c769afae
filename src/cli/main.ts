import { EXIT_ERROR } from './output/exit-code.js';
import { EXIT_INTERRUPTED } from './commands/interrupt.js';
import { TOOL } from './commands/version.js';

let failed = false;
function fatal(error: unknown): void {
  process.exitCode = EXIT_ERROR;
  // Once: an error while reporting the first (stderr itself failing) must end the process, not
  // report itself again; that loop once spun a CPU for an hour after its parent had gone.
  if (failed) return;
  failed = true;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`corscan ${TOOL.version}: internal error, please report it:\n${detail}\n`);
}

/**
 * A reader that stops early (`corscan scan … | head`, a parent that has gone) closes the pipe:
 * there is nobody left to write for. Later writes are dropped and the run ends as it would have,
 * with its own exit code: a closed pipe must never turn findings (1) or an unchecked target (2)
 * into 0, and a closed stderr must never become an "internal error" that writes to stderr again.
 */
function pipeEnd(stream: NodeJS.WriteStream) {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code !== 'EPIPE') fatal(error);
  });
  return {
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    write: (text: string): boolean => (closed || stream.destroyed ? true : stream.write(text)),
    // A writer waiting for 'drain' is released by 'close' too: a closed pipe never drains.
    once: (event: string, listener: () => void) => {
      if (event !== 'drain') return stream.once(event, listener);
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        listener();
      };
      stream.once('drain', done);
      return stream.once('close', done);
    },
  };
}
const stdout = pipeEnd(process.stdout);
const stderr = pipeEnd(process.stderr);
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

/**
 * Every SIGINT/SIGTERM goes to `stop` until the run removes the handlers: the first
 * stops the scan gracefully, the second cuts requests in flight and still writes the
 * partial report (see interrupt.ts). A third means even that is stuck: exit at once.
 */
function onInterrupt(stop: (signal: string) => void): () => void {
  let signals = 0;
  const handler = (signal: string) => {
    signals += 1;
    if (signals >= 3) process.exit(EXIT_INTERRUPTED);
    stop(signal);
  };
  const remove = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return remove;
}

// Never process.exit(): it can cut off a piped report. The exit code is set and Node ends on its own.
// It starts as a failure and is lowered only when the run completes: if the run's promise never
// settles (a request stuck inside a library), Node exits with nothing left to do, and that must
// not read as a green gate.
process.exitCode = EXIT_ERROR;
const io = { stdout, stderr, env: process.env, stdinStream: () => process.stdin, onInterrupt };
const argv = process.argv.slice(2);
// `corscan --version` (CI logs, npx checks) answers before commander and the CLI are loaded.
const run =
  argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')
    ? Promise.resolve(stdout.write(`${TOOL.version}\n`)).then(() => 0)
    : import('./commands/program.js').then(({ runCli }) => runCli(argv, io));
run.then(
  (code) => {
    process.exitCode = code;
  },
  fatal,
);
