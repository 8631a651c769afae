import { needsPreflight, preflightRequestHeaders } from '../cors/preflight.js';
import type { FrontEndCall } from '../model/front-end-usage.js';
import type { SiteInfo } from '../model/observation.js';
import type { ProbeFamilyName } from '../model/probe.js';
import type { ProbeDraft, ProbeFamily } from './families.js';

/** Family name, for rules' `requires`. */
export const FRONT_END_USAGE = 'front-end-usage' satisfies ProbeFamilyName;

/** True when the browser sends a preflight before this call. */
export const callNeedsPreflight = (call: FrontEndCall): boolean =>
  needsPreflight({ origin: call.page, method: call.method, headers: call.headers, credentials: call.credentials });

/**
 * The preflight the browser sent (or would send) before `call`: OPTIONS from the
 * page's origin, `Access-Control-Request-Method` the call's method and
 * `Access-Control-Request-Headers` its unsafe header names, lower-case, sorted and
 * comma-joined (Fetch "CORS-preflight fetch"). Never cookies or Authorization.
 */
export function usagePreflightDraft(call: FrontEndCall): ProbeDraft {
  const { Origin: _origin, ...headers } = preflightRequestHeaders({ origin: call.page, method: call.method, headers: call.headers, credentials: call.credentials });
  return {
    variant: `usage:${call.method}:${call.headers.join(',') || '-'}:${call.page}`,
    method: 'OPTIONS',
    origin: call.page,
    headers,
    why: `the preflight ${call.page} sends before its ${call.method}${call.headers.length > 0 ? ` with ${call.headers.join(', ')}` : ''} (recorded in a HAR)`,
  };
}

/**
 * What the recorded front end does, asked without side effects: the exact preflight
 * of every call that needs one, and a GET (plus HEAD when the front end uses it) from
 * every page origin. A POST, PUT, PATCH or DELETE itself is never sent from here.
 */
function usageDrafts(site: SiteInfo): ProbeDraft[] {
  const usage = site.usage;
  if (!usage) return [];
  const drafts: ProbeDraft[] = [];
  for (const page of usage.pageOrigins) {
    drafts.push({ variant: `trusted:${page}`, method: 'GET', origin: page, why: 'a page that calls this endpoint (recorded in a HAR)' });
    if (usage.calls.some((call) => call.page === page && call.method === 'HEAD')) {
      drafts.push({ variant: `usage:HEAD:${page}`, method: 'HEAD', origin: page, why: 'the front end sends HEAD from this page (recorded in a HAR)' });
    }
  }
  const seen = new Set<string>();
  for (const call of usage.calls.filter(callNeedsPreflight)) {
    const draft = usagePreflightDraft(call);
    // One preflight per (method, headers, page): the credentials mode changes the verdict, not the request.
    if (seen.has(draft.variant)) continue;
    seen.add(draft.variant);
    drafts.push(draft);
  }
  return drafts;
}

export const USAGE_PROBE_FAMILIES: ProbeFamily[] = [{ name: FRONT_END_USAGE, stage: 1, generate: usageDrafts }];
