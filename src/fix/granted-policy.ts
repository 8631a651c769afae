import { grantsExactOrigin } from '../cors/check.js';
import type { GrantedPolicy } from '../model/granted-policy.js';
import type { CorsView } from '../model/observation.js';
import { acceptedHeader, acceptedMethod } from './policy-builder.js';

function unique(values: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) if (!seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  return [...seen.values()];
}

/**
 * Reads the grant of the trusted origins from the server's answers to them; what the
 * builder would refuse (forbidden names, `*` with credentials) is left out. Pure.
 */
export function grantedPolicy(views: readonly CorsView[], trusted: readonly string[]): GrantedPolicy {
  const granted = views.filter((view) => view.requestOrigin !== null && trusted.includes(view.requestOrigin) && grantsExactOrigin(view, view.requestOrigin));
  const credentials = granted.some((view) => view.allowCredentials);
  const pick = (values: string[], accept: (value: string) => string | undefined) =>
    unique(values.flatMap((value) => accept(value) ?? []));
  const methods = pick(granted.flatMap((view) => view.allowMethods), (m) => acceptedMethod(m, credentials));
  const headers = pick(granted.flatMap((view) => view.allowHeaders), (h) => acceptedHeader(h, credentials, '--headers'));
  const expose = pick(granted.flatMap((view) => view.exposeHeaders), (h) => acceptedHeader(h, credentials, '--expose'));
  const isPublicAnswer = views.some((view) => view.probe.families.includes('arbitrary-origin') && view.allowOrigin.length === 1 && view.allowOrigin[0] === '*');
  return { methods, headers, expose, credentials, public: isPublicAnswer && !credentials };
}

