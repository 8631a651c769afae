import { isSerializedOrigin, originOf } from '../cors/origin.js';
import { normalizeMethod, unsafeRequestHeaderNames } from '../cors/preflight.js';
import type { FrontEndCall, FrontEndUsage } from '../model/front-end-usage.js';
import { scanUrl, urlTemplate } from './url-template.js';

/**
 * Turns the entries of a HAR (HTTP Archive 1.1/1.2, as Chrome, Firefox and
 * Playwright export it) into scan targets: every cross-origin request, grouped by
 * endpoint, with what the front end sent (methods, header names, credentials mode)
 * and from which pages. Pure: the file is read in cli/inputs/har-file.ts.
 */

/** Why entries were left out, and what the rest became. */
export interface HarCounts {
  entries: number;
  /** Cross-origin requests that became targets. */
  requests: number;
  targets: number;
  sameOrigin: number;
  /** `data:`, `blob:`, `chrome-extension:`, `ws:` … : nothing CORS applies to over HTTP. */
  notHttp: number;
  /** Served from the browser cache: no request reached the server. */
  cached: number;
  /** No Origin, Referer or page URL: a navigation, or a recorder that kept neither. */
  noPage: number;
  /** A URL that does not parse, or an entry without one. */
  broken: number;
}

/** One endpoint to scan. */
export interface HarEndpoint {
  /** The first recorded URL of the endpoint (query dropped unless kept): what is probed. */
  url: string;
  usage: FrontEndUsage;
  /**
   * The most recent Cookie and Authorization values the front end sent (only for
   * `--har-credentials`; never written anywhere, redacted as secret headers).
   */
  credentialHeaders: Record<string, string>;
}

export interface HarOptions {
  /** The file, as given: named in the usage's sources. */
  source: string;
  keepQuery: boolean;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Headers the browser adds by itself (fetch() never makes a page name them): they are
 * not in the author request headers a preflight asks for. Forbidden names (Cookie,
 * Origin, `sec-*`, …) are dropped by unsafeRequestHeaderNames already.
 */
const BROWSER_ADDED = new Set(['user-agent', 'pragma', 'cache-control', 'upgrade-insecure-requests', 'priority', 'purpose', 'x-client-data']);

/** Request headers as recorded: HTTP/2 pseudo-headers (`:authority`) left out. */
function headersOf(request: Json): Array<[string, string]> {
  const list = Array.isArray(request['headers']) ? request['headers'] : [];
  return list.flatMap((header) => {
    if (!isObject(header)) return [];
    const name = text(header['name']);
    const value = text(header['value']) ?? '';
    return name && !name.startsWith(':') ? [[name, value] as [string, string]] : [];
  });
}

const headerValue = (headers: ReadonlyArray<[string, string]>, name: string): string | undefined =>
  headers.find(([key]) => key.toLowerCase() === name)?.[1];

/** Page URLs by page id: Chrome and Firefox put the page URL in `title` (Playwright the document title). */
function pageUrls(log: Json): Map<string, string> {
  const pages = Array.isArray(log['pages']) ? log['pages'] : [];
  return new Map(
    pages.filter(isObject).flatMap((page) => {
      const id = text(page['id']);
      const title = text(page['title']);
      return id && title ? [[id, title]] : [];
    }),
  );
}

/** The page's origin: the Origin header a CORS request carries, else the Referer's, else the page URL's. */
function pageOrigin(headers: ReadonlyArray<[string, string]>, pageUrl: string | undefined): string | undefined {
  for (const candidate of [headerValue(headers, 'origin'), headerValue(headers, 'referer'), pageUrl]) {
    if (candidate === undefined) continue;
    const origin = originOf(candidate);
    if (origin && isSerializedOrigin(origin)) return origin;
  }
  return undefined;
}

interface Group {
  url: string;
  requests: number;
  pages: Set<string>;
  calls: Map<string, FrontEndCall>;
  credentialHeaders: Record<string, string>;
}

/** The call an entry stands for; a recorded preflight stands for the call it asked about. */
function callOf(method: string, headers: ReadonlyArray<[string, string]>, page: string, cookies: unknown): FrontEndCall {
  const requestMethod = headerValue(headers, 'access-control-request-method');
  if (method === 'OPTIONS' && requestMethod !== undefined) {
    const names = (headerValue(headers, 'access-control-request-headers') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== '');
    // Browsers never send credentials on a preflight, so its mode is unknown: the actual call tells.
    return { method: normalizeMethod(requestMethod), headers: [...new Set(names)].sort(), credentials: 'omit', page };
  }
  const authored = headers.filter(([name]) => !BROWSER_ADDED.has(name.toLowerCase()));
  const values = Object.fromEntries(authored.map(([name, value]) => [name.toLowerCase(), value]));
  const unsafe = unsafeRequestHeaderNames({ headers: authored.map(([name]) => name) }, values);
  const hasCookies = headerValue(headers, 'cookie') !== undefined || (Array.isArray(cookies) && cookies.length > 0);
  return { method: normalizeMethod(method), headers: unsafe, credentials: hasCookies ? 'include' : 'omit', page };
}

/**
 * Classifies every entry and groups the cross-origin ones into endpoints. An entry
 * that is not an object, or has no parsable URL, is counted as broken, never fatal.
 */
export function harEndpoints(log: Json, options: HarOptions): { endpoints: HarEndpoint[]; counts: HarCounts; credentialsRecorded: boolean } {
  const entries = Array.isArray(log['entries']) ? log['entries'] : [];
  const pages = pageUrls(log);
  const counts: HarCounts = { entries: entries.length, requests: 0, targets: 0, sameOrigin: 0, notHttp: 0, cached: 0, noPage: 0, broken: 0 };
  const groups = new Map<string, Group>();
  let credentialsRecorded = false;
  for (const entry of entries) {
    const request = isObject(entry) && isObject(entry['request']) ? entry['request'] : undefined;
    const rawUrl = request ? text(request['url']) : undefined;
    const method = request ? text(request['method']) : undefined;
    let url: URL;
    try {
      url = new URL(rawUrl ?? '');
    } catch {
      counts.broken += 1;
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      counts.notHttp += 1;
      continue;
    }
    if (!method || !request || (url.username || url.password)) {
      counts.broken += 1;
      continue;
    }
    // Chrome marks answers from its memory or disk cache; no request reached the server.
    if (isObject(entry) && entry['_fromCache']) {
      counts.cached += 1;
      continue;
    }
    const headers = headersOf(request);
    const cookies = request['cookies'];
    if (headerValue(headers, 'cookie') !== undefined || headerValue(headers, 'authorization') !== undefined || (Array.isArray(cookies) && cookies.length > 0)) credentialsRecorded = true;
    const page = pageOrigin(headers, pages.get(text((entry as Json)['pageref']) ?? ''));
    if (!page) {
      counts.noPage += 1;
      continue;
    }
    if (page === url.origin) {
      counts.sameOrigin += 1;
      continue;
    }
    counts.requests += 1;
    const key = urlTemplate(url, options.keepQuery);
    const group: Group = groups.get(key) ?? { url: scanUrl(url, options.keepQuery), requests: 0, pages: new Set<string>(), calls: new Map(), credentialHeaders: {} };
    groups.set(key, group);
    group.requests += 1;
    group.pages.add(page);
    const call = callOf(method, headers, page, cookies);
    group.calls.set(JSON.stringify(call), call);
    // The latest values win: a session refreshed during the recording ends with the valid one.
    for (const name of ['Cookie', 'Authorization']) {
      const value = headerValue(headers, name.toLowerCase());
      if (value !== undefined && value !== '') group.credentialHeaders[name] = value;
    }
  }
  const endpoints = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([endpoint, group]): HarEndpoint => {
      const calls = [...group.calls.values()].sort(compareCalls);
      return {
        url: group.url,
        usage: {
          sources: [options.source],
          endpoint,
          requests: group.requests,
          pageOrigins: [...group.pages].sort(),
          methods: [...new Set(calls.map((call) => call.method))].sort(),
          headers: [...new Set(calls.flatMap((call) => call.headers))].sort(),
          credentials: calls.some((call) => call.credentials === 'include'),
          credentialsRecorded,
          calls,
        },
        credentialHeaders: group.credentialHeaders,
      };
    });
  counts.targets = endpoints.length;
  return { endpoints, counts, credentialsRecorded };
}

function compareCalls(a: FrontEndCall, b: FrontEndCall): number {
  const key = (call: FrontEndCall) => [call.page, call.method, call.headers.join(','), call.credentials].join('\n');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * Usage of one endpoint recorded in several HARs (or twice in one): the union. Calls
 * keep their identity, so the same call seen twice is one call.
 */
export function mergeUsage(a: FrontEndUsage, b: FrontEndUsage): FrontEndUsage {
  const calls = new Map<string, FrontEndCall>();
  for (const call of [...a.calls, ...b.calls]) calls.set(JSON.stringify(call), call);
  const sorted = [...calls.values()].sort(compareCalls);
  return {
    sources: [...new Set([...a.sources, ...b.sources])],
    endpoint: a.endpoint,
    requests: a.requests + b.requests,
    pageOrigins: [...new Set([...a.pageOrigins, ...b.pageOrigins])].sort(),
    methods: [...new Set(sorted.map((call) => call.method))].sort(),
    headers: [...new Set(sorted.flatMap((call) => call.headers))].sort(),
    credentials: a.credentials || b.credentials,
    credentialsRecorded: a.credentialsRecorded || b.credentialsRecorded,
    calls: sorted,
  };
}
