import type { Rule } from '../model/rule.js';
import invalidAcac from './invalid-acac.js';
import invalidAcao from './invalid-acao.js';
import missingVary from './missing-vary.js';
import multipleAcao from './multiple-acao.js';
import nullOrigin from './null-origin.js';
import originReflection from './origin-reflection.js';
import policyDrift from './policy-drift.js';
import wildcardOrigin from './wildcard-origin.js';
import wildcardWithCredentials from './wildcard-with-credentials.js';
import { ORIGIN_TRUST_RULES } from './shared/origin-trust-rules.js';
import preflightFailure from './preflight-failure.js';
import preflightInconsistent from './preflight-inconsistent.js';
import wildcardMethodsHeadersCredentials from './wildcard-methods-headers-credentials.js';
import reflectedRequestMethod from './reflected-request-method.js';
import reflectedRequestHeaders from './reflected-request-headers.js';
import excessiveMaxAge from './excessive-max-age.js';
import sensitiveExposeHeaders from './sensitive-expose-headers.js';
import privateNetworkPermissive from './private-network-permissive.js';
import corsOnErrorOnly from './cors-on-error-only.js';
import redirectWithoutCors from './redirect-without-cors.js';
import wildcardAllowHeadersAuthorization from './wildcard-allow-headers-authorization.js';
import grantExceedsUsage from './grant-exceeds-usage.js';

/** Every rule, in report order. Ids are unique and equal their file names (checked by a test). */
export const RULES: readonly Rule[] = [
  originReflection,
  nullOrigin,
  ...ORIGIN_TRUST_RULES,
  wildcardWithCredentials,
  wildcardOrigin,
  multipleAcao,
  invalidAcao,
  invalidAcac,
  missingVary,
  policyDrift,
  preflightFailure,
  preflightInconsistent,
  wildcardMethodsHeadersCredentials,
  reflectedRequestMethod,
  reflectedRequestHeaders,
  excessiveMaxAge,
  sensitiveExposeHeaders,
  privateNetworkPermissive,
  corsOnErrorOnly,
  redirectWithoutCors,
  wildcardAllowHeadersAuthorization,
  grantExceedsUsage,
];

/** Looks a rule up by id. */
export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
