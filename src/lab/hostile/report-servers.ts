import { okResponse, rawHttpServer, type HostileServer } from './servers.js';

/**
 * Hostile servers aimed at the reports rather than the scanner (issue 14 items 6, 14, 15):
 * header values that are huge, numerous, Markdown markup or terminal controls. Each
 * answers every request alike, so every probe carries the value into the findings.
 */

/** One invalid Access-Control-Allow-Origin of about 60 KB (a trailing slash): a table that wraps it cell by cell hangs. */
export const hugeAcao = (): Promise<HostileServer> =>
  rawHttpServer((socket) => socket.end(okResponse([`Access-Control-Allow-Origin: https://${'a'.repeat(60_000)}.example/`])));

/** 2,000 Access-Control-Allow-Origin lines (64,000 bytes, just under corscan's 64 KiB header limit): one finding quotes them all. */
export const manyAcaoLines = (): Promise<HostileServer> =>
  rawHttpServer((socket) => socket.end(okResponse(Array.from({ length: 2000 }, () => 'Access-Control-Allow-Origin: *'))));

/** Markdown an attacker wants rendered in a PR comment or job summary: an image and a deceptive link. */
export const markdownAcao = (): Promise<HostileServer> =>
  rawHttpServer((socket) => socket.end(okResponse(['Access-Control-Allow-Origin: ![x](http://evil.example/a.png)[Approve](http://evil.example/approve)'])));

/** Access-Control-Expose-Headers with 60,000 tabs and spaces inside (item 7): a quadratic trim blocks the event loop for minutes. */
export const whitespaceAceh = (): Promise<HostileServer> =>
  rawHttpServer((socket) =>
    socket.end(okResponse(['Access-Control-Allow-Origin: *', `Access-Control-Expose-Headers: X-A,${' \t'.repeat(30_000)}X-B${'\t '.repeat(10)}`])),
  );

/**
 * Echoes the request's Authorization and Cookie values back (item 13) in X-Echo,
 * WWW-Authenticate and a Set-Cookie-free header: a recording or report that copies response
 * headers verbatim would leak them.
 */
export const echoesSecrets = (): Promise<HostileServer> =>
  rawHttpServer((socket, head) => {
    const value = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
    const echoed = `${value('authorization')} ${value('cookie')}`.trim();
    socket.end(okResponse(['Access-Control-Allow-Origin: *', `X-Echo: ${echoed}`, `WWW-Authenticate: Bearer realm="api", error_description="${echoed}"`]));
  });
