import { headerValues, listItems } from '../cors/headers.js';
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

/** Parses the CORS headers of one answered exchange. */
export function toCorsView(exchange: Exchange & { response: NonNullable<Exchange['response']> }): CorsView {
  const { probe, response } = exchange;
  const headers = response.headers;
  const allowCredentialsRaw = headerValues(headers, 'access-control-allow-credentials');
  const maxAgeRaw = headerValues(headers, 'access-control-max-age');
  return {
    probeId: probe.id,
    probe,
    status: response.status,
    requestOrigin: probe.origin,
    headers,
    allowOrigin: headerValues(headers, 'access-control-allow-origin'),
    allowCredentialsRaw,
    allowCredentials: allowCredentialsRaw.length === 1 && allowCredentialsRaw[0] === 'true',
    allowMethods: listItems(headers, 'access-control-allow-methods'),
    allowHeaders: listItems(headers, 'access-control-allow-headers'),
    exposeHeaders: listItems(headers, 'access-control-expose-headers'),
    maxAgeRaw,
    maxAge: parseMaxAge(maxAgeRaw),
    vary: listItems(headers, 'vary').map((token) => token.toLowerCase()),
    allowPrivateNetwork: headerValues(headers, 'access-control-allow-private-network'),
    location: headerValues(headers, 'location')[0] ?? null,
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
