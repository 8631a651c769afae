import type { ProbeError, ProbeErrorCode } from '../model/exchange.js';

const TLS_HINT = 'use --insecure to skip verification, or NODE_EXTRA_CA_CERTS=<ca.pem> to trust its CA';

function codeOf(error: unknown): string {
  let current: unknown = error;
  // undici wraps socket errors in `cause`; the innermost code is the precise one.
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { code?: string } | null)?.code ?? '';
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { message?: string } } | null)?.cause?.message;
  return cause && !message.includes(cause) ? `${message}: ${cause}` : message;
}

/** Classifies a transport failure into a stable ProbeError. */
export function toProbeError(error: unknown): ProbeError {
  const raw = codeOf(error);
  const message = messageOf(error);
  const classify = (): ProbeErrorCode => {
    if (raw === 'UND_ERR_CONNECT_TIMEOUT' || raw === 'UND_ERR_HEADERS_TIMEOUT' || raw === 'UND_ERR_BODY_TIMEOUT')
      return 'ERR_PROBE_TIMEOUT';
    if (raw === 'ABORT_ERR' || raw === 'UND_ERR_ABORTED' || (error as Error)?.name === 'TimeoutError')
      return (error as Error)?.name === 'TimeoutError' || /timeout/i.test(message) ? 'ERR_PROBE_TIMEOUT' : 'ERR_PROBE_ABORTED';
    if (raw === 'ENOTFOUND' || raw === 'EAI_AGAIN' || raw === 'EAI_FAIL') return 'ERR_PROBE_DNS';
    if (raw === 'ECONNREFUSED' || raw === 'EHOSTUNREACH' || raw === 'ENETUNREACH' || raw === 'EADDRNOTAVAIL')
      return 'ERR_PROBE_CONNECT';
    if (raw === 'ECONNRESET' || raw === 'EPIPE' || raw === 'UND_ERR_SOCKET' || raw === 'UND_ERR_CLOSED')
      return 'ERR_PROBE_RESET';
    if (raw === 'UND_ERR_RES_EXCEEDED_MAX_SIZE' || raw === 'UND_ERR_HEADERS_OVERFLOW') return 'ERR_PROBE_TOO_LARGE';
    if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(raw) || /SSL|TLS/.test(raw))
      return 'ERR_PROBE_TLS';
    if (raw.startsWith('HPE_') || raw === 'UND_ERR_INVALID_ARG' || raw === 'UND_ERR_INFO') return 'ERR_PROBE_PROTOCOL';
    return 'ERR_PROBE_OTHER';
  };
  const code = classify();
  const detail = raw ? `${raw}: ${message}` : message;
  return { code, message: code === 'ERR_PROBE_TLS' ? `${detail} (${TLS_HINT})` : detail };
}
