import { spawnServer, writeFile } from '../harness.js';

/**
 * The Python stacks run on Debian's own interpreter and packages (python3-flask-cors, …),
 * never a pyenv or virtualenv one that may lack them.
 */
export const PYTHON = '/usr/bin/python3';

/** Writes `source` as `<name>.py` in `dir` and runs it with `args`; it must listen on every port. */
export async function runPython(dir: string, name: string, source: string, args: string[], ports: number[]): Promise<{ stop(): Promise<void> }> {
  const file = writeFile(dir, `${name}.py`, source);
  return spawnServer(PYTHON, [file, ...args], { cwd: dir, ports, env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: '' } });
}
