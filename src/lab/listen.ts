import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP(S) server listening on 127.0.0.1 with an OS-chosen port, and how to stop it. */
export interface Listening {
  port: number;
  /** Drops keep-alive connections too, so tests and the demo end at once. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0 (the lab never binds another address or a fixed port). */
export async function listenOnLoopback(server: Server): Promise<Listening> {
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
