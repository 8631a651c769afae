/**
 * Probe ids are `simple:<variant>` or `preflight:<variant>`, unique within one target.
 * Variants are deterministic (no random labels), so reports, fingerprints and
 * recordings are stable across runs.
 */
export type ProbeId = `${'simple' | 'preflight'}:${string}`;

/** One planned request: plain, serialisable data. */
export interface ProbeSpec {
  /** Unique within a target. */
  id: ProbeId;
  /** Every probe family this request serves; a request two families need is sent once. */
  families: string[];
  method: string;
  url: string;
  /** Request headers, including `Origin` when one is sent. */
  headers: Record<string, string>;
  /** The `Origin` header sent, or null when none is sent. */
  origin: string | null;
  /** Human-readable purpose, shown by `--print-plan` and in evidence. */
  why: string;
}

/** Lower-cased header lookup on a probe's request headers. */
export function requestHeader(spec: ProbeSpec, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(spec.headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
