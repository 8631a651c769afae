/**
 * Probe ids are `simple:<variant>` or `preflight:<variant>`, unique within one target.
 * Variants are deterministic (no random labels), so reports, fingerprints and
 * recordings are stable across runs.
 */
export type ProbeId = `${'simple' | 'preflight'}:${string}`;

/**
 * The name of every probe family (each is defined in src/probe/). Rules name them
 * in `requires`, so a misspelt family is a compile error; a test checks this list
 * against the family registry.
 */
export const PROBE_FAMILY_NAMES = [
  'no-origin',
  'own-origin',
  'arbitrary-origin',
  'null-origin',
  'trusted-origin',
  'trusted-candidate',
  'third-party-origin',
  'localhost-origin',
  'prefix-mutation',
  'suffix-mutation',
  'unescaped-dot-mutation',
  'substring-mutation',
  'special-chars-mutation',
  'insecure-scheme-origin',
  'any-subdomain-origin',
  'expected-policy',
  'preflight-untrusted',
  'preflight-trusted',
  'preflight-reflection',
  'private-network',
  'actual-methods',
  'error-status',
  'front-end-usage',
] as const;

export type ProbeFamilyName = (typeof PROBE_FAMILY_NAMES)[number];

/** One planned request: plain, serialisable data. */
export interface ProbeSpec {
  /** Unique within a target. */
  id: ProbeId;
  /** Every probe family this request serves; a request two families need is sent once. */
  families: ProbeFamilyName[];
  method: string;
  url: string;
  /** Request headers, including `Origin` when one is sent. */
  headers: Record<string, string>;
  /** The `Origin` header sent, or null when none is sent. */
  origin: string | null;
  /** Human-readable purpose, shown by `--print-plan` and in evidence. */
  why: string;
}

/** The preflight's questions: with the method and URL, all a CORS answer may depend on besides Origin. */
const PREFLIGHT_QUESTIONS = ['access-control-request-method', 'access-control-request-headers', 'access-control-request-private-network'];

/**
 * What a CORS answer depends on apart from the Origin: the request line and the
 * preflight's questions. Two probes with the same key differ only in their Origin,
 * so their answers should differ only in what the Origin changes.
 */
export function corsRequestKey(spec: Pick<ProbeSpec, 'method' | 'url' | 'headers'>): string {
  return [spec.method.toUpperCase(), spec.url, ...PREFLIGHT_QUESTIONS.map((name) => requestHeader(spec, name) ?? '')].join('\n');
}

/** Lower-cased header lookup on a probe's request headers. */
export function requestHeader(spec: Pick<ProbeSpec, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const headers = spec.headers;
  // Rules ask this of every probe many times a target: no entries array, and the length
  // compared before a lower-cased copy is made (header names are ASCII tokens).
  for (const key in headers) {
    if (key.length === wanted.length && Object.hasOwn(headers, key) && key.toLowerCase() === wanted) return headers[key];
  }
  return undefined;
}
