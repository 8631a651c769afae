import { EXIT_ERROR } from './exit-code.js';
import { EXIT_INTERRUPTED } from './interrupt.js';
import { TOOL } from './version.js';

function fatal(error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`corscan ${TOOL.version}: internal error, please report it:\n${detail}\n`);
  process.exitCode = EXIT_ERROR;
}

process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

// A reader that stops early (`corscan demo | head`) closes the pipe: there is nobody left to
// write the report for, so end quietly instead of reporting EPIPE as an internal error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') return fatal(error);
  process.exit(process.exitCode ?? 0);
});

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
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, stdinStream: () => process.stdin, onInterrupt };
const argv = process.argv.slice(2);
// `corscan --version` (CI logs, npx checks) answers before commander and the CLI are loaded.
const run =
  argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')
    ? Promise.resolve(process.stdout.write(`${TOOL.version}\n`)).then(() => 0)
    : import('./program.js').then(({ runCli }) => runCli(argv, io));
run.then(
  (code) => {
    process.exitCode = code;
  },
  fatal,
);
