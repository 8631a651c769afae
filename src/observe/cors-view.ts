import { CORS_RESPONSE_HEADERS, listItemsOfLines, trimHttpWhitespace } from '../cors/headers.js';
import type { Exchange, ProbeError } from '../model/exchange.js';
import type { CorsView, Observations, SiteInfo } from '../model/observation.js';
import type { ProbeId, ProbeSpec } from '../model/probe.js';

/**
 * Access-Control-Max-Age = delta-seconds. Fetch parses the combined value, so two
 * lines or anything but digits is a parse failure, after which browsers use 5 s.
 */
export function parseMaxAge(lines: readonly string[]): number | null {
  if (lines.length !== 1 || !/^\d+$/.test(lines[0]!)) return null;
  return Number(lines[0]);
}

/** The header lines a CORS view keeps, by lower-case name. */
const VIEW_HEADERS = [...CORS_RESPONSE_HEADERS, 'access-control-allow-private-network', 'vary', 'location'] as const;
type ViewHeader = (typeof VIEW_HEADERS)[number];
const IS_VIEW_HEADER: ReadonlySet<string> = new Set(VIEW_HEADERS);

/**
 * `headerValues` for every name a view keeps, in one pass over the response's lines: a scan
 * builds a view for each of its ~100 answers, and one pass per name was most of the cost.
 */
function viewLines(headers: readonly [string, string][]): Record<ViewHeader, string[]> {
  const lines = {} as Record<ViewHeader, string[]>;
  for (const name of VIEW_HEADERS) lines[name] = [];
  for (const [key, value] of headers) {
    const name = key.toLowerCase();
    if (IS_VIEW_HEADER.has(name)) lines[name as ViewHeader].push(trimHttpWhitespace(value));
  }
  return lines;
}

/** Parses the CORS headers of one answered exchange. */
export function toCorsView(exchange: Exchange & { response: NonNullable<Exchange['response']> }): CorsView {
  const { probe, response } = exchange;
  const headers = response.headers;
  const lines = viewLines(headers);
  const allowCredentialsRaw = lines['access-control-allow-credentials'];
  const maxAgeRaw = lines['access-control-max-age'];
  return {
    probeId: probe.id,
    probe,
    status: response.status,
    requestOrigin: probe.origin,
    headers,
    allowOrigin: lines['access-control-allow-origin'],
    allowCredentialsRaw,
    allowCredentials: allowCredentialsRaw.length === 1 && allowCredentialsRaw[0] === 'true',
    allowMethods: listItemsOfLines(lines['access-control-allow-methods']),
    allowHeaders: listItemsOfLines(lines['access-control-allow-headers']),
    exposeHeaders: listItemsOfLines(lines['access-control-expose-headers']),
    maxAgeRaw,
    maxAge: parseMaxAge(maxAgeRaw),
    vary: listItemsOfLines(lines.vary).map((token) => token.toLowerCase()),
    allowPrivateNetwork: lines['access-control-allow-private-network'],
    location: lines.location[0] ?? null,
    ...(exchange.hops && exchange.hops.length > 0 ? { hops: exchange.hops } : {}),
  };
}

/** Builds what rules see from a target's exchanges. */
export function observe(site: SiteInfo, exchanges: readonly Exchange[]): Observations {
  const planned: ProbeSpec[] = exchanges.map((exchange) => exchange.probe);
  const views: CorsView[] = [];
  const byId = new Map<ProbeId, CorsView>();
  const errors = new Map<ProbeId, ProbeError>();
  for (const exchange of exchanges) {
    if (exchange.response) {
      const view = toCorsView({ ...exchange, response: exchange.response });
      views.push(view);
      byId.set(view.probeId, view);
    } else if (exchange.error) {
      errors.set(exchange.probe.id, exchange.error);
    }
  }
  return {
    site,
    planned,
    views,
    get: (id) => byId.get(id),
    family: (family) => views.filter((view) => view.probe.families.includes(family)),
    error: (id) => errors.get(id),
  };
}
