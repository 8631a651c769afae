import type { SiteInfo } from '../model/observation.js';
import type { ProbeFamilyName, ProbeId, ProbeSpec } from '../model/probe.js';
import { findFamily, PROBE_COOKIE, type ProbeDraft } from './families.js';

/** Headers every probe carries (the user's `--header` values). */
export type CommonHeaders = Record<string, string>;

/** Methods that change nothing on a server (RFC 9110 §9.2.1 "safe"): all corscan sends without `--unsafe-methods`. */
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** True for a probe with a safe method. */
export const isSafeProbe = (spec: Pick<ProbeSpec, 'method'>): boolean => SAFE_METHODS.includes(spec.method);

/** Identity of a request on the wire: two drafts with the same key are sent once. */
export function requestKey(spec: Pick<ProbeSpec, 'method' | 'url' | 'headers'>): string {
  const headers: string[] = [];
  for (const name of Object.keys(spec.headers)) headers.push(`${name.toLowerCase()}:${spec.headers[name]}`);
  return `${spec.method}\n${spec.url}${headers.length > 0 ? `\n${headers.sort().join('\n')}` : ''}`;
}

/** Keys of probes already planned: stage 2 starts from stage 1's probes, whose keys do not change. */
const PLANNED_KEYS = new WeakMap<ProbeSpec, string>();
const plannedKey = (spec: ProbeSpec): string => {
  let key = PLANNED_KEYS.get(spec);
  if (key === undefined) PLANNED_KEYS.set(spec, (key = requestKey(spec)));
  return key;
};

/** Fetch's credentials among request headers: cookies and HTTP authentication. */
const CREDENTIAL_HEADERS = ['cookie', 'authorization'];

/** The user's headers as a draft's `credentials` wants them. */
function withCredentials(common: CommonHeaders, credentials: ProbeDraft['credentials']): CommonHeaders {
  if (credentials === 'without') return Object.fromEntries(Object.entries(common).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())));
  if (credentials === 'cookie' && !Object.keys(common).some((name) => name.toLowerCase() === 'cookie')) return { ...common, Cookie: PROBE_COOKIE };
  return common;
}

function toSpec(site: SiteInfo, family: ProbeFamilyName, draft: ProbeDraft, common: CommonHeaders): ProbeSpec {
  const preflight = draft.method === 'OPTIONS' && 'Access-Control-Request-Method' in (draft.headers ?? {});
  // Browsers never send cookies or Authorization on a preflight (Fetch "CORS-preflight
  // fetch"): with the user's credential headers a preflight could pass where a browser's fails.
  const headers: Record<string, string> = preflight ? { ...draft.headers } : { ...withCredentials(common, draft.credentials), ...draft.headers };
  if (draft.origin !== null) headers['Origin'] = draft.origin;
  const id = `${preflight ? 'preflight' : 'simple'}:${draft.variant}` as ProbeId;
  return { id, families: [family], method: draft.method, url: draft.url ?? site.url, headers, origin: draft.origin, why: draft.why };
}

/**
 * Plans one stage: the deduplicated union of what the named families want.
 * `previous` holds probes already planned (earlier stages); a draft equal to one of
 * them adds its family to that probe instead of being sent again. Returns only new probes.
 */
export function planProbes(
  site: SiteInfo,
  families: readonly ProbeFamilyName[],
  stage: 1 | 2,
  common: CommonHeaders = {},
  previous: ProbeSpec[] = [],
): ProbeSpec[] {
  const byKey = new Map<string, ProbeSpec>(previous.map((spec) => [plannedKey(spec), spec]));
  const ids = new Set<string>(previous.map((spec) => spec.id));
  const fresh: ProbeSpec[] = [];
  for (const name of families) {
    const family = findFamily(name);
    if (!family) throw new Error(`unknown probe family ${name}`);
    if (family.stage !== stage && family.stage !== 'both') continue;
    if (family.narrower && site.broaderGrant) continue;
    for (const draft of family.generate(site)) {
      const spec = toSpec(site, name, draft, common);
      const key = requestKey(spec);
      const existing = byKey.get(key);
      if (existing) {
        if (!existing.families.includes(name)) existing.families.push(name);
        continue;
      }
      // Two different requests must not share an id: a later variant gets a suffix.
      let id = spec.id;
      for (let n = 2; ids.has(id); n += 1) id = `${spec.id}#${n}` as ProbeId;
      spec.id = id;
      ids.add(id);
      PLANNED_KEYS.set(spec, key);
      byKey.set(key, spec);
      fresh.push(spec);
    }
  }
  return fresh;
}
