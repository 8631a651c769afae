import type { FrontEndCall, FrontEndUsage } from '../../src/model/front-end-usage.js';
import { FRONTEND } from './preflight-views.js';
import type { ViewInput } from './views.js';

/** A recorded front-end usage of the test target (what `--har` attaches to a site). */
export function usage(calls: Array<Partial<FrontEndCall> & { method: string }>, page = FRONTEND): FrontEndUsage {
  const full: FrontEndCall[] = calls.map((call) => ({ headers: [], credentials: 'omit', page, ...call }));
  return {
    sources: ['session.har'],
    endpoint: 'https://api.victim.test/v1/me',
    requests: full.length,
    pageOrigins: [...new Set(full.map((call) => call.page))].sort(),
    methods: [...new Set(full.map((call) => call.method))].sort(),
    headers: [...new Set(full.flatMap((call) => call.headers))].sort(),
    credentials: full.some((call) => call.credentials === 'include'),
    credentialsRecorded: true,
    calls: full,
  };
}

/** Site facts of a target from a HAR: the usage, its pages declared trusted. */
export const harSite = (recorded: FrontEndUsage) => ({ usage: recorded, declaredTrustedOrigins: recorded.pageOrigins });

/** The preflight corscan sends for a recorded call (family front-end-usage), answered with `response`. */
export function usagePreflight(method: string, headers: string[], response: ViewInput = {}, page = FRONTEND): ViewInput {
  return {
    method: 'OPTIONS',
    origin: page,
    families: ['front-end-usage'],
    requestHeaders: {
      Accept: '*/*',
      'Access-Control-Request-Method': method,
      ...(headers.length > 0 ? { 'Access-Control-Request-Headers': headers.join(',') } : {}),
    },
    ...response,
  };
}

/** Probe id of that preflight, as the family names it. */
export const usageId = (method: string, headers: string[], page = FRONTEND) => `preflight:usage:${method}:${headers.join(',') || '-'}:${page}`;
