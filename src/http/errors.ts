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
  const outer = (error as { code?: unknown } | null)?.code;
  // AbortSignal.timeout() rejects with a DOMException whose code is a number (23): not a useful name.
  return typeof outer === 'string' ? outer : '';
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { message?: string } } | null)?.cause?.message;
  const full = cause && !message.includes(cause) ? `${message}: ${cause}` : message;
  // OpenSSL messages span lines; an error is reported on one stderr line.
  return full.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * EMFILE (this process) or ENFILE (the whole system) when a failure is this machine running
 * out of file descriptors: a socket could not even be created, so nothing was sent and the
 * target is not to blame. The run treats it as its own error (cli/commands/scan-execute.ts).
 */
export function fdExhaustion(error: unknown): 'EMFILE' | 'ENFILE' | undefined {
  const raw = codeOf(error);
  return raw === 'EMFILE' || raw === 'ENFILE' ? raw : undefined;
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
    // EAFNOSUPPORT: an IPv6 target on a machine without IPv6.
    if (raw === 'ECONNREFUSED' || raw === 'EHOSTUNREACH' || raw === 'ENETUNREACH' || raw === 'EADDRNOTAVAIL' || raw === 'EAFNOSUPPORT')
      return 'ERR_PROBE_CONNECT';
    // undici's "other side closed" on a connection that never received a byte: curl's "Empty reply from server".
    if (raw === 'UND_ERR_SOCKET' && /other side closed/.test(message) && (error as { socket?: { bytesRead?: number } })?.socket?.bytesRead === 0)
      return 'ERR_PROBE_EMPTY';
    // "bad response": undici refuses a 100 Continue it did not ask for (RFC 9110 §15.2 says clients should skip it).
    if (raw === 'UND_ERR_SOCKET' && /bad response/.test(message)) return 'ERR_PROBE_PROTOCOL';
    if (raw === 'ECONNRESET' || raw === 'EPIPE' || raw === 'UND_ERR_SOCKET' || raw === 'UND_ERR_CLOSED')
      return 'ERR_PROBE_RESET';
    if (raw === 'UND_ERR_RES_EXCEEDED_MAX_SIZE' || raw === 'UND_ERR_HEADERS_OVERFLOW') return 'ERR_PROBE_TOO_LARGE';
    if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(raw) || /SSL|TLS/.test(raw))
      return 'ERR_PROBE_TLS';
    // A header the parser rejects (NUL, bare CR or LF, controls in a value) surfaces as a framing
    // mismatch when the server closes right after: both mean the response cannot be read.
    if (raw.startsWith('HPE_') || raw === 'UND_ERR_INVALID_ARG' || raw === 'UND_ERR_INFO' || raw === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')
      return 'ERR_PROBE_PROTOCOL';
    return 'ERR_PROBE_OTHER';
  };
  const code = classify();
  const hint = code === 'ERR_PROBE_PROTOCOL' && /bad response/.test(message) ? ' (an unexpected 1xx such as an unsolicited 100 Continue, or a malformed status line)' : '';
  const detail = `${raw ? `${raw}: ${message}` : message}${hint}`;
  // The hint fits certificate verification failures only; --insecure does not cure a failed handshake.
  const certificate = /^(CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_TLS_CERT)/.test(raw);
  return { code, message: code === 'ERR_PROBE_TLS' && certificate ? `${detail} (${TLS_HINT})` : detail };
}
