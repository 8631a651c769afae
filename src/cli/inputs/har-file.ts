import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { harEndpoints, mergeUsage, type HarCounts, type HarEndpoint } from '../../har/endpoints.js';
import type { TargetSpec } from '../../engine/scan.js';
import { UsageError } from '../../model/errors.js';

/**
 * Reads `--har FILE` (HAR 1.1 or 1.2, plain or gzip'd) into scan targets. A HAR is
 * one JSON document, so it is parsed whole; bodies (the bulk of a HAR with
 * content) are dropped while parsing, so a 100 MB export costs about its own size
 * in memory once. Anything wrong with the file is one line and exit 2.
 */

/** Largest HAR read (after decompression). V8 strings stop near 512 MB; 256 MB leaves room to parse. */
export const MAX_HAR_BYTES = 256 * 1024 * 1024;

/** What one `--har` file gave. */
export interface HarFile {
  path: string;
  endpoints: HarEndpoint[];
  counts: HarCounts;
  /** False for a HAR without any Cookie or Authorization (a sanitized export). */
  credentialsRecorded: boolean;
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The HAR's bytes as text: gzip (magic 1f 8b) is undone, a UTF-8 BOM dropped. */
async function readText(path: string, limit: number): Promise<string> {
  const kind = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--har ${path} cannot be read (${error.code ?? 'error'})`);
  });
  if (!kind.isFile()) throw new UsageError(`--har ${path} is not a regular file`);
  const tooLarge = `--har ${path} is larger than ${megabytes(limit)}; export it without response bodies (Chrome: "Export HAR (sanitized)…", Playwright: recordHar content "omit") or record fewer pages`;
  if (kind.size > limit) throw new UsageError(tooLarge);
  let bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--har ${path} cannot be read (${error.code ?? 'error'})`);
  });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: limit });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge : `--har ${path} is gzip'd but cannot be decompressed (${code ?? 'corrupt'})`);
    }
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Drops what corscan never needs while JSON.parse builds the document: response and
 * request bodies (`content.text`, `postData.text`) and Chrome's initiator stacks.
 */
function dropBodies(this: unknown, key: string, value: unknown): unknown {
  if ((key === 'text' || key === 'params') && typeof this === 'object' && this !== null && 'mimeType' in this) return undefined;
  if (key === '_initiator' || key === '_webSocketMessages') return undefined;
  return value;
}

/** Parses and checks the document: `{ log: { version: "1.x", entries: [...] } }`. */
export function parseHar(text: string, path: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text, dropBodies);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'parse error';
    const truncated = /end of (JSON )?input|Unterminated/i.test(reason) ? ' (truncated?)' : '';
    throw new UsageError(`--har ${path} is not valid JSON${truncated}: ${reason}`);
  }
  const log = typeof document === 'object' && document !== null ? (document as Record<string, unknown>)['log'] : undefined;
  if (typeof log !== 'object' || log === null || Array.isArray(log)) {
    throw new UsageError(`--har ${path} is not a HAR file (no "log" object; export one from the browser's Network panel)`);
  }
  const version = (log as Record<string, unknown>)['version'];
  // HAR 1.1 and 1.2 differ only in optional fields corscan does not read.
  if (version !== undefined && !(typeof version === 'string' && /^1\.[0-9]+$/.test(version))) {
    throw new UsageError(`--har ${path} is HAR version ${JSON.stringify(version).slice(0, 20)}; corscan reads HAR 1.1 and 1.2`);
  }
  if (!Array.isArray((log as Record<string, unknown>)['entries'])) throw new UsageError(`--har ${path} has no "log.entries" list`);
  return log as Record<string, unknown>;
}

/** Reads one HAR file into endpoints and counts. */
export async function readHar(path: string, options: { keepQuery: boolean; limit?: number }): Promise<HarFile> {
  const text = await readText(path, options.limit ?? MAX_HAR_BYTES);
  const { endpoints, counts, credentialsRecorded } = harEndpoints(parseHar(text, path), { source: path, keepQuery: options.keepQuery });
  return { path, endpoints, counts, credentialsRecorded };
}

/** The one line a HAR's counts are printed as. */
export function describeHarCounts(file: HarFile): string {
  const { counts } = file;
  const left = [
    [counts.sameOrigin, 'same-origin'],
    [counts.notHttp, 'data:/blob:/extension'],
    [counts.cached, 'from cache'],
    [counts.noPage, 'without a page origin'],
    [counts.broken, 'with a broken URL'],
  ].filter(([n]) => (n as number) > 0);
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return (
    `${file.path}: ${plural(counts.entries, 'entry', 'entries')}, ${plural(counts.requests, 'cross-origin request')} → ${plural(counts.targets, 'target')}` +
    (left.length > 0 ? `; left out: ${left.map(([n, what]) => `${n} ${what}`).join(', ')}` : '') +
    (file.credentialsRecorded || counts.targets === 0 ? '' : '; it holds no Cookie or Authorization (a sanitized export?): credentials and Authorization are not judged')
  );
}

/**
 * Targets from every `--har` file: one per endpoint, page origins declared trusted,
 * usage attached. The same endpoint in two files is one target with both usages.
 * Cookie and Authorization values go along only with `--har-credentials`.
 */
export function harTargets(files: readonly HarFile[], sendCredentials: boolean): TargetSpec[] {
  const byUrl = new Map<string, TargetSpec & { usage: NonNullable<TargetSpec['usage']> }>();
  const byEndpoint = new Map<string, string>();
  for (const file of files) {
    for (const endpoint of file.endpoints) {
      const url = byEndpoint.get(endpoint.usage.endpoint) ?? endpoint.url;
      byEndpoint.set(endpoint.usage.endpoint, url);
      const previous = byUrl.get(url);
      const usage = previous ? mergeUsage(previous.usage, endpoint.usage) : endpoint.usage;
      const headers = { ...previous?.headers, ...(sendCredentials ? endpoint.credentialHeaders : {}) };
      byUrl.set(url, { url, trustedOrigins: usage.pageOrigins, usage, ...(Object.keys(headers).length > 0 ? { headers } : {}) });
    }
  }
  return [...byUrl.values()];
}
