import type { Exchange } from '../model/exchange.js';

/** Request headers whose values are secrets by default. */
export const SECRET_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Response headers whose values are secrets by default. */
export const SECRET_RESPONSE_HEADERS = ['set-cookie'];
export const REDACTED = '[redacted]';

/** Copies request headers with secret values replaced. */
export function redactRequestHeaders(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>; // keeps a "__proto__" header
  for (const [name, value] of Object.entries(headers)) out[name] = secrets.includes(name.toLowerCase()) ? REDACTED : value;
  return out;
}

/** Copies response header pairs with secret values replaced. */
export function redactResponseHeaders(headers: readonly [string, string][], secrets: readonly string[]): [string, string][] {
  return headers.map(([name, value]) => [name, secrets.includes(name.toLowerCase()) ? REDACTED : value]);
}

/** Copies an exchange with secret request and response header values replaced (for recordings). */
export function redactExchange<E extends Exchange>(exchange: E, secrets: readonly string[], responseSecrets: readonly string[]): E {
  return {
    ...exchange,
    probe: { ...exchange.probe, headers: redactRequestHeaders(exchange.probe.headers, secrets) },
    ...(exchange.response ? { response: { ...exchange.response, headers: redactResponseHeaders(exchange.response.headers, responseSecrets) } } : {}),
  };
}
