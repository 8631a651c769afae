import type { Exchange, ProbeError } from '../model/exchange.js';
import type { CorsView, Observations, SiteInfo } from '../model/observation.js';
import type { ProbeId, ProbeSpec } from '../model/probe.js';

/** Values of every header line named `name` (case-insensitive), in order. */
export function headerLines(headers: readonly [string, string][], name: string): string[] {
  const wanted = name.toLowerCase();
  const lines: string[] = [];
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) lines.push(value.trim());
  return lines;
}

/** Splits list-valued header lines (`#token` ABNF) into trimmed, non-empty items. */
export function splitList(lines: readonly string[]): string[] {
  return lines.flatMap((line) => line.split(',').map((item) => item.trim()).filter((item) => item !== ''));
}

/**
 * Access-Control-Max-Age = delta-seconds. Fetch parses the combined value, so two
 * lines or anything but digits is a parse failure, after which browsers use 5 s.
 */
export function parseMaxAge(lines: readonly string[]): number | null {
  if (lines.length !== 1 || !/^\d+$/.test(lines[0]!)) return null;
  return Number(lines[0]);
}

/** Parses the CORS headers of one answered exchange. */
export function toCorsView(exchange: Exchange & { response: NonNullable<Exchange['response']> }): CorsView {
  const { probe, response } = exchange;
  const headers = response.headers;
  const allowCredentialsRaw = headerLines(headers, 'access-control-allow-credentials');
  const maxAgeRaw = headerLines(headers, 'access-control-max-age');
  return {
    probeId: probe.id,
    probe,
    status: response.status,
    requestOrigin: probe.origin,
    headers,
    allowOrigin: headerLines(headers, 'access-control-allow-origin'),
    allowCredentialsRaw,
    allowCredentials: allowCredentialsRaw.length === 1 && allowCredentialsRaw[0] === 'true',
    allowMethods: splitList(headerLines(headers, 'access-control-allow-methods')),
    allowHeaders: splitList(headerLines(headers, 'access-control-allow-headers')),
    exposeHeaders: splitList(headerLines(headers, 'access-control-expose-headers')),
    maxAgeRaw,
    maxAge: parseMaxAge(maxAgeRaw),
    vary: splitList(headerLines(headers, 'vary')).map((token) => token.toLowerCase()),
    allowPrivateNetwork: headerLines(headers, 'access-control-allow-private-network'),
    location: headerLines(headers, 'location')[0] ?? null,
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
