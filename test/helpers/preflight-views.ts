import { ATTACKER, type ViewInput } from './views.js';

export const FRONTEND = 'https://app.victim.test';
/** Site facts for a case where the front end is a declared trusted origin. */
export const TRUSTED_SITE = { declaredTrustedOrigins: [FRONTEND] };

/**
 * A preflight test input: OPTIONS with browser-formatted ACRM/ACRH from `origin`
 * (the attacker by default), answered with `response`.
 */
export function preflight(method: string, acrh: string | null, response: ViewInput = {}, origin: string = ATTACKER): ViewInput {
  return {
    method: 'OPTIONS',
    origin,
    families: [origin === ATTACKER ? 'preflight-untrusted' : 'preflight-trusted'],
    requestHeaders: {
      Accept: '*/*',
      'Access-Control-Request-Method': method,
      ...(acrh !== null ? { 'Access-Control-Request-Headers': acrh } : {}),
    },
    ...response,
  };
}

/** An actual GET from `origin` (the attacker by default). */
export function actual(response: ViewInput = {}, origin: string = ATTACKER): ViewInput {
  return { method: 'GET', origin, families: [origin === ATTACKER ? 'arbitrary-origin' : 'trusted-origin'], ...response };
}
