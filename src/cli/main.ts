import { EXIT_ERROR } from './output/exit-code.js';
import { EXIT_INTERRUPTED } from './commands/interrupt.js';
import { TOOL } from './commands/version.js';

function fatal(error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`corscan ${TOOL.version}: internal error, please report it:\n${detail}\n`);
  process.exitCode = EXIT_ERROR;
}

process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

// A reader that stops early (`corscan scan … | head`) closes the pipe: there is nobody left to
// write the report for. Later writes are dropped and the run ends as it would have, with its
// own exit code: a closed pipe must never turn findings (1) or an unchecked target (2) into 0.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') return fatal(error);
  stdoutClosed = true;
});
const stdout = {
  get isTTY() {
    return process.stdout.isTTY;
  },
  get columns() {
    return process.stdout.columns;
  },
  write: (text: string): boolean => (stdoutClosed || process.stdout.destroyed ? true : process.stdout.write(text)),
  // A writer waiting for 'drain' is released by 'close' too: a closed pipe never drains.
  once: (event: string, listener: () => void) => {
    if (event !== 'drain') return process.stdout.once(event, listener);
    const done = () => {
      process.stdout.off('drain', done);
      process.stdout.off('close', done);
      listener();
    };
    process.stdout.once('drain', done);
    return process.stdout.once('close', done);
  },
};

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
const io = { stdout, stderr: process.stderr, env: process.env, stdinStream: () => process.stdin, onInterrupt };
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
