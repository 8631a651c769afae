// Preloaded (--require) into a corscan process by test/cli/atomic-write.test.ts: the first time
// the process writes to a file it opened under $CORSCAN_TEST_KILL_DIR, it SIGKILLs itself right
// after that write returns. So the kill always lands in the middle of writing a report, which a
// kill timed from outside (watching the folder) could not promise: the whole report was often
// written before the signal arrived.
const fsp = require('node:fs/promises');
const { syncBuiltinESMExports } = require('node:module');

const dir = process.env.CORSCAN_TEST_KILL_DIR;
const open = fsp.open;
fsp.open = async function openThenKillAtFirstWrite(path, ...rest) {
  const handle = await open.call(this, path, ...rest);
  if (dir && String(path).startsWith(dir)) {
    const write = handle.write;
    handle.write = async function writeThenKill(...args) {
      const result = await write.apply(this, args);
      process.kill(process.pid, 'SIGKILL');
      return result;
    };
  }
  return handle;
};
// ES modules importing { open } from 'node:fs/promises' see the replacement too.
syncBuiltinESMExports();
