import { createSecureServer } from 'node:http2';
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { LAB_TLS } from '../tls.js';
import type { HostileServer } from './servers.js';

/**
 * HTTP/2 servers that break the protocol (issue 14 item 17), over TLS with ALPN h2 and the
 * lab's self-signed certificate (scan with --insecure). Raw frames, because Node's http2
 * server refuses to send what these send.
 */

const frame = (type: number, flags: number, stream: number, payload: Buffer): Buffer => {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
};

/** An HPACK literal field without indexing, new name, no Huffman (RFC 7541 §6.2.2); short strings only. */
const literal = (name: string, value: string): Buffer =>
  Buffer.concat([Buffer.from([0x00, name.length]), Buffer.from(name, 'latin1'), Buffer.from([value.length]), Buffer.from(value, 'latin1')]);

/** HPACK static index 8 is `:status: 200` (RFC 7541 Appendix A). */
const STATUS_200 = Buffer.from([0x88]);

/** Header blocks nghttp2 refuses with PROTOCOL_ERROR on the stream (RFC 9113 §8.2.1, §8.3.2). */
export const H2_BAD_ANSWERS = {
  'upper-case-name': Buffer.concat([STATUS_200, literal('Access-Control-Allow-Origin', '*')]),
  'no-status': literal('access-control-allow-origin', '*'),
} as const;

export type H2BadAnswer = keyof typeof H2_BAD_ANSWERS;

const PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const SETTINGS = 4;
const HEADERS = 1;
const END_STREAM_AND_HEADERS = 0x5;

async function serve(server: net.Server, event: 'connection' | 'secureConnection'): Promise<{ port: number; sockets: Set<Socket>; count: () => number }> {
  const sockets = new Set<Socket>();
  let count = 0;
  server.on(event, (socket: Socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, sockets, count: () => count };
}

const closing = (server: net.Server, sockets: Set<Socket>) => (): Promise<void> =>
  new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });

/** ALPN h2; answers every request stream with `answer` as its header block (END_STREAM). */
export async function h2BadHeadersServer(answer: H2BadAnswer): Promise<HostileServer> {
  const server = tls.createServer({ ...LAB_TLS, ALPNProtocols: ['h2'] }, (socket) => {
    socket.write(frame(SETTINGS, 0, 0, Buffer.alloc(0)));
    let buffered = Buffer.alloc(0);
    let offset = -1;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (offset < 0) {
        if (buffered.length < PREFACE.length) return;
        offset = PREFACE.length;
      }
      // Frames: ACK the client's SETTINGS, answer each HEADERS (a new stream).
      while (offset + 9 <= buffered.length) {
        const length = buffered.readUIntBE(offset, 3);
        if (offset + 9 + length > buffered.length) break;
        const type = buffered[offset + 3]!;
        const flags = buffered[offset + 4]!;
        const stream = buffered.readUInt32BE(offset + 5) & 0x7fffffff;
        if (type === SETTINGS && !(flags & 1)) socket.write(frame(SETTINGS, 1, 0, Buffer.alloc(0)));
        if (type === HEADERS) socket.write(frame(HEADERS, END_STREAM_AND_HEADERS, stream, H2_BAD_ANSWERS[answer]));
        offset += 9 + length;
      }
    });
  });
  const { port, sockets, count } = await serve(server, 'secureConnection');
  return { host: '127.0.0.1', port, connections: count, close: closing(server, sockets) };
}

/**
 * An h2-only server (ALPN offers h2 alone, HTTP/1.1 is refused) that drops the first
 * connection of each run: corscan's h2 attempt fails and it falls back to HTTP/1.1, which
 * the server refuses with a `no_application_protocol` alert (RFC 7301 §3.2).
 */
export async function h2OnlyDroppingFirst(): Promise<HostileServer> {
  const h2 = createSecureServer({ ...LAB_TLS, allowHTTP1: false }, (_request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    response.end('ok');
  });
  h2.on('tlsClientError', () => undefined);
  let first = true;
  const front = net.createServer((socket) => {
    if (first) {
      first = false;
      socket.destroy();
    } else h2.emit('connection', socket);
  });
  const { port, sockets, count } = await serve(front, 'connection');
  return {
    host: '127.0.0.1',
    port,
    connections: count,
    close: async () => {
      await closing(front, sockets)();
      h2.close();
    },
  };
}
