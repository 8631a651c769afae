import type { ProbeError, ProbeErrorCode } from '../model/exchange.js';

const TLS_HINT = 'use --insecure to skip verification, or NODE_EXTRA_CA_CERTS=<ca.pem> to trust its CA';

/**
 * corscan's HTTP/2 is h2 over TLS chosen by ALPN (src/http/h2-sessions.ts): on for every
 * https target, no flag. There is no h2c (cleartext prior knowledge) client.
 */
const H2_ONLY_HINT =
  'the server speaks only HTTP/2; corscan speaks HTTP/2 only over TLS to a server that selects h2 by ALPN (always tried for https targets, no flag), HTTP/1.1 otherwise';

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
 * The llhttp parser's refusal, if `error` is one. undici 7 looks the parser's error number up
 * in a name→number table (`constants.ERROR[ret]`), so its HTTPParserError carries no HPE_*
 * code: the name says it (and the code, should a later undici fill it in).
 */
function parserErrorOf(error: unknown): { data?: unknown } | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const { name, code } = current as { name?: unknown; code?: unknown };
    if (name === 'HTTPParserError' || (typeof code === 'string' && code.startsWith('HPE_'))) return current as { data?: unknown };
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Whether the bytes the parser refused open an HTTP/2 frame on stream 0 (RFC 9113 §4.1): a
 * SETTINGS (type 4) or GOAWAY (type 7) is what an h2-only server sends to an HTTP/1.1 request.
 */
function startsWithH2Frame(data: unknown): boolean {
  if (typeof data !== 'string' || data.length < 9) return false;
  const type = data.charCodeAt(3);
  return data.charCodeAt(0) === 0 && (type === 4 || type === 7) && data.slice(5, 9) === '\0\0\0\0';
}

/** Words added to a classified message so the reader knows what the server did. */
function hintFor(code: ProbeErrorCode, raw: string, message: string, error: unknown): string {
  if (code === 'ERR_PROBE_PROTOCOL') {
    if (/bad response/.test(message)) return ' (an unexpected 1xx such as an unsolicited 100 Continue, or a malformed status line)';
    const parser = parserErrorOf(error);
    if (parser && startsWithH2Frame(parser.data)) return ` (the answer is HTTP/2 frames: ${H2_ONLY_HINT})`;
    if (parser && /Expected HTTP\//.test(message)) return ' (no HTTP/1.x status line: an HTTP/0.9 answer, or not HTTP)';
    // undici reports a header section the parser refused after a Content-Length line as this mismatch (no body byte was read).
    if (raw === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return ' (a body cut short, or a header section the parser refused: undici reports both alike)';
  }
  // An ALPN mismatch (RFC 7301 §3.2): the only fallback that offers HTTP/1.1 alone is undici's, after the h2 attempt failed.
  if (raw === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') return ` (the server refused HTTP/1.1 by ALPN: ${H2_ONLY_HINT})`;
  return '';
}

/**
 * Node's http2 errors: a stream or session the server (or nghttp2 on our side) ended for a
 * protocol violation (RFC 9113 §7: PROTOCOL_ERROR 1, FRAME_SIZE_ERROR 6, COMPRESSION_ERROR 9,
 * e.g. an upper-case field name or a missing :status), or one ended without blame (a reset).
 */
function classifyH2(raw: string, message: string): ProbeErrorCode | undefined {
  if (raw === 'ERR_HTTP2_ERROR') return 'ERR_PROBE_PROTOCOL';
  if (raw === 'ERR_HTTP2_STREAM_ERROR' || raw === 'ERR_HTTP2_SESSION_ERROR')
    return /PROTOCOL_ERROR|FRAME_SIZE_ERROR|COMPRESSION_ERROR|error code (1|6|9)$/.test(message) ? 'ERR_PROBE_PROTOCOL' : 'ERR_PROBE_RESET';
  if (raw === 'ERR_HTTP2_GOAWAY_SESSION' || raw === 'ERR_HTTP2_INVALID_SESSION' || raw === 'ERR_HTTP2_STREAM_CANCEL') return 'ERR_PROBE_RESET';
  return undefined;
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
    const h2 = classifyH2(raw, message);
    if (h2) return h2;
    // A header the parser rejects (NUL, bare CR or LF, controls in a value) surfaces as a framing
    // mismatch when the server closes right after: both mean the response cannot be read.
    if (parserErrorOf(error) || raw === 'UND_ERR_INVALID_ARG' || raw === 'UND_ERR_INFO' || raw === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')
      return 'ERR_PROBE_PROTOCOL';
    return 'ERR_PROBE_OTHER';
  };
  const code = classify();
  const hint = hintFor(code, raw, message, error);
  const detail = `${raw ? `${raw}: ${message}` : message}${hint}`;
  // The hint fits certificate verification failures only; --insecure does not cure a failed handshake.
  const certificate = /^(CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_TLS_CERT)/.test(raw);
  return { code, message: code === 'ERR_PROBE_TLS' && certificate ? `${detail} (${TLS_HINT})` : detail };
}
