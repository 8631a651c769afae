import { afterAll, beforeAll } from 'vitest';
import { okResponse, rawHttpServer, type HostileServer } from '../../src/lab/hostile/servers.js';
import { testDir } from './temp-dir.js';

/**
 * For the test file that calls it: a raw loopback server answering every request with
 * `Access-Control-Allow-Origin: *` (a target that always scans cleanly and fast) and a temp dir of
 * the file's own; both are removed after the file's tests.
 */
export function usePublicApi(prefix: string): { dir: string; target(): string; server(): HostileServer } {
  let server: HostileServer;
  const dir = testDir(prefix);
  beforeAll(async () => {
    server = await rawHttpServer((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: *'])));
  });
  afterAll(() => server.close());
  return { dir, target: () => `http://127.0.0.1:${server.port}/api/`, server: () => server };
}
