import type { ProbeSpec } from './probe.js';

/** Node-style error codes for probes that got no usable response. */
export const PROBE_ERROR_CODES = [
  'ERR_PROBE_TIMEOUT',
  'ERR_PROBE_CONNECT',
  'ERR_PROBE_DNS',
  'ERR_PROBE_TLS',
  'ERR_PROBE_RESET',
  /** The server closed the connection without sending a byte. */
  'ERR_PROBE_EMPTY',
  'ERR_PROBE_TOO_LARGE',
  'ERR_PROBE_PROTOCOL',
  'ERR_PROBE_ABORTED',
  'ERR_PROBE_OTHER',
] as const;
export type ProbeErrorCode = (typeof PROBE_ERROR_CODES)[number];

export interface ProbeError {
  code: ProbeErrorCode;
  message: string;
}

/** Raw response: headers as ordered pairs so duplicates and casing survive. */
export interface ProbeResponse {
  status: number;
  headers: [name: string, value: string][];
  /** The protocol the answer came over, as ALPN names it: `http/1.1` or `h2`. */
  protocol?: 'http/1.1' | 'h2';
}

/**
 * A redirect response corscan followed on the way to `response` (see
 * src/http/redirect-transport.ts). Fetch runs the CORS check on every one of them.
 */
export interface RedirectHop {
  /** The URL that answered with the redirect. */
  url: string;
  method: string;
  /** The `Origin` sent on this hop (`null` after a cross-origin hop, as browsers do), or null for none. */
  origin: string | null;
  status: number;
  headers: [name: string, value: string][];
}

/** One request/response pair, or the error in place of the response. */
export interface Exchange {
  probe: ProbeSpec;
  /** The final response; after redirects, the answer of the last URL followed. */
  response?: ProbeResponse;
  /** Redirect responses followed before `response`, in order; absent when there was none. */
  hops?: RedirectHop[];
  error?: ProbeError;
  durationMs: number;
  /** The probe was never sent (its host's breaker was open, or the scan was stopped): counted apart from requests. */
  notSent?: true;
  /**
   * Whose failure `error` is, set by a transport that knows whether the host accepts
   * connections (http/host-breaker.ts failureScope): `host` (it cannot be reached) or
   * `path` (a timeout on a host that answers connections: that path stalls).
   */
  scope?: 'host' | 'path';
  /**
   * The probe could not be sent because this machine ran out of file descriptors (EMFILE for
   * the process, ENFILE for the system): a failure of the run, never of the target.
   */
  localFailure?: 'EMFILE' | 'ENFILE';
  /**
   * The redirect chain was still going when `maxHops` redirects had been followed: `response`
   * is the last redirect, not the answer a browser (which follows up to 20) would end on.
   */
  cutRedirect?: { maxHops: number; location: string };
}
