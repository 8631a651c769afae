// npm test: the build, then vitest with the type check beside it. The build comes first because
// the CLI, package and chaos tests run dist/. The type check (src, the tests and the fixtures) is
// needed by neither, so it does not hold vitest back. Its output is held and printed after
// vitest's, so the two never interleave; the run fails when either does. Both steps do nothing
// when their inputs have not changed since they last succeeded (scripts/unchanged.mjs).
// Arguments go to vitest: `npm test -- test/cli` runs one folder.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Each step runs in node directly: an `npm run` around it would cost about 0.3 s of its own.
const script = (path) => fileURLToPath(new URL(path, import.meta.url));
const VITEST = script('../node_modules/vitest/vitest.mjs');

/** Runs a command; `held` keeps its output (stdout and stderr, in order) instead of passing it through. */
function run(command, args, held) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const output = [];
    if (held) {
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
    }
    child.on('error', (error) => resolve({ code: 1, output: [Buffer.from(`${command}: ${error.message}\n`)] }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const build = await run(process.execPath, [script('build.mjs')], false);
if (build.code !== 0) {
  process.stderr.write(`npm test: the build failed (exit ${build.code})\n`);
  process.exit(1);
}
const typecheck = run(process.execPath, [script('typecheck.mjs')], true);
const vitest = await run(process.execPath, [VITEST, 'run', ...process.argv.slice(2)], false);
const checked = await typecheck;
process.stdout.write(Buffer.concat(checked.output));
if (checked.code !== 0) process.stderr.write(`npm test: the type check failed (exit ${checked.code})\n`);
if (vitest.code !== 0) process.stderr.write(`npm test: vitest failed (exit ${vitest.code})\n`);
process.exitCode = checked.code !== 0 || vitest.code !== 0 ? 1 : 0;
