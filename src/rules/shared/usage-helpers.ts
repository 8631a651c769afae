import type { FrontEndCall } from '../../model/front-end-usage.js';
import type { CorsView, Observations } from '../../model/observation.js';
import { requestHeader } from '../../model/probe.js';
import { callNeedsPreflight, FRONT_END_USAGE } from '../../probe/families-usage.js';
import { isPreflight, verdictOf } from './preflight-helpers.js';

/** Judging a target against what its front end sends (`--har`): shared by preflight-failure and grant-exceeds-usage. */

/** A recorded call that needs a preflight, with the answer to the preflight corscan sent for it. */
export interface JudgedCall {
  call: FrontEndCall;
  view: CorsView;
  /** The browser's verdict for this call (its credentials mode included). */
  allowed: boolean;
  reason: string;
}

/** True when `view` is the preflight of exactly `call` (same page, method and header names). */
function isPreflightOf(view: CorsView, call: FrontEndCall): boolean {
  return (
    isPreflight(view) &&
    view.requestOrigin === call.page &&
    requestHeader(view.probe, 'access-control-request-method') === call.method &&
    (requestHeader(view.probe, 'access-control-request-headers') ?? '') === call.headers.join(',')
  );
}

/** Every recorded call that needs a preflight and whose preflight was answered, judged as the browser judges it. */
export function judgedCalls(obs: Observations): JudgedCall[] {
  const usage = obs.site.usage;
  if (!usage) return [];
  const views = obs.family(FRONT_END_USAGE);
  return usage.calls.filter(callNeedsPreflight).flatMap((call) => {
    const view = views.find((candidate) => isPreflightOf(candidate, call));
    if (!view) return [];
    // The preflight carries no credentials, but the browser checks it with the call's mode (Fetch "CORS-preflight fetch").
    const verdict = verdictOf(view, call.credentials);
    return [{ call, view, allowed: verdict.allowed, reason: verdict.reason }];
  });
}

/** "PUT with content-type, x-csrf-token, with credentials": a call as messages name it. */
export function describeCall(call: FrontEndCall): string {
  return `${call.method}${call.headers.length > 0 ? ` with ${call.headers.join(', ')}` : ''}${call.credentials === 'include' ? ' (credentials)' : ''}`;
}
