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
