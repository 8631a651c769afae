import type { Exchange, ProbeError, RedirectHop } from '../../src/model/exchange.js';
import type { Observations, SiteInfo } from '../../src/model/observation.js';
import type { ProbeFamilyName, ProbeId, ProbeSpec } from '../../src/model/probe.js';
import { observe } from '../../src/observe/cors-view.js';
import { ATTACKER_ORIGIN } from '../../src/probe/attacker.js';
import { describeSite } from '../../src/probe/site.js';

export const TARGET = 'https://api.victim.test/v1/me';
export const ATTACKER = ATTACKER_ORIGIN;

/** A response in a test case: convenience fields for CORS headers, or raw pairs. */
export interface ViewInput {
  origin?: string | null;
  method?: string;
  url?: string;
  /** Family names are checked by the compiler in rules; tables here stay plain strings. */
  families?: string[];
  status?: number;
  acao?: string | string[];
  acac?: string | string[];
  acam?: string;
  acah?: string;
  aceh?: string;
  maxAge?: string;
  vary?: string;
  headers?: [string, string][];
  requestHeaders?: Record<string, string>;
  error?: ProbeError;
  /** Redirects followed before this response. */
  hops?: RedirectHop[];
}

const lines = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Origins of the default probes, by probe id. */
export function defaultOrigin(id: string): string | null {
  if (id === 'simple:no-origin') return null;
  if (id === 'simple:own-origin') return 'https://api.victim.test';
  if (id === 'simple:null-origin') return 'null';
  if (id === 'simple:arbitrary-origin') return ATTACKER;
  const trusted = /^simple:trusted:(.*)$/.exec(id);
  return trusted ? trusted[1]! : ATTACKER;
}

/** The family a default probe id belongs to. */
export function defaultFamily(id: string): string {
  const variant = id.split(':')[1] ?? '';
  return variant === 'trusted' ? 'trusted-origin' : variant;
}

/** Builds one exchange from a test input. */
export function exchange(id: ProbeId, input: ViewInput): Exchange {
  const origin = input.origin !== undefined ? input.origin : defaultOrigin(id);
  const probe: ProbeSpec = {
    id,
    families: (input.families ?? [defaultFamily(id)]) as ProbeFamilyName[],
    method: input.method ?? 'GET',
    url: input.url ?? TARGET,
    headers: { ...(origin !== null ? { Origin: origin } : {}), ...input.requestHeaders },
    origin,
    why: 'test',
  };
  if (input.error) return { probe, error: input.error, durationMs: 1 };
  const headers: [string, string][] = [
    ...lines(input.acao).map((v): [string, string] => ['Access-Control-Allow-Origin', v]),
    ...lines(input.acac).map((v): [string, string] => ['Access-Control-Allow-Credentials', v]),
    ...(input.acam !== undefined ? [['Access-Control-Allow-Methods', input.acam] as [string, string]] : []),
    ...(input.acah !== undefined ? [['Access-Control-Allow-Headers', input.acah] as [string, string]] : []),
    ...(input.aceh !== undefined ? [['Access-Control-Expose-Headers', input.aceh] as [string, string]] : []),
    ...(input.maxAge !== undefined ? [['Access-Control-Max-Age', input.maxAge] as [string, string]] : []),
    ...(input.vary !== undefined ? [['Vary', input.vary] as [string, string]] : []),
    ...(input.headers ?? []),
  ];
  return { probe, response: { status: input.status ?? 200, headers }, ...(input.hops ? { hops: input.hops } : {}), durationMs: 1 };
}

/** Observations from a map of probe id → response input. */
export function observations(views: Record<string, ViewInput>, site: Partial<SiteInfo> = {}): Observations {
  const info = { ...describeSite(TARGET), ...site };
  return observe(info, Object.entries(views).map(([id, input]) => exchange(id as ProbeId, input)));
}
