import { describe, expect, it } from 'vitest';
import { toProbeError } from '../../src/http/errors.js';

const withCode = (code: string, message: string, extra: object = {}) => Object.assign(new Error(message), { code }, extra);

describe('toProbeError classifies precisely, on one line', () => {
  it.each([
    [withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'ERR_PROBE_CONNECT'],
    [withCode('EAFNOSUPPORT', 'connect EAFNOSUPPORT ::1:80'), 'ERR_PROBE_CONNECT'],
    [withCode('EADDRNOTAVAIL', 'connect EADDRNOTAVAIL ::1:80'), 'ERR_PROBE_CONNECT'],
    [withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.invalid'), 'ERR_PROBE_DNS'],
    [withCode('UND_ERR_SOCKET', 'other side closed', { socket: { bytesRead: 0 } }), 'ERR_PROBE_EMPTY'],
    [withCode('UND_ERR_SOCKET', 'other side closed', { socket: { bytesRead: 20 } }), 'ERR_PROBE_RESET'],
    [withCode('UND_ERR_SOCKET', 'bad response'), 'ERR_PROBE_PROTOCOL'],
    [withCode('UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'Response body length does not match content-length header'), 'ERR_PROBE_PROTOCOL'],
    [withCode('UND_ERR_HEADERS_OVERFLOW', 'Headers Overflow Error'), 'ERR_PROBE_TOO_LARGE'],
    [withCode('ECONNRESET', 'read ECONNRESET'), 'ERR_PROBE_RESET'],
    // undici 7's HTTPParserError has no code (see parserErrorOf); a later one may carry llhttp's HPE_*.
    [Object.assign(new Error('Response does not match the HTTP/1.1 protocol (Invalid header value char)'), { name: 'HTTPParserError' }), 'ERR_PROBE_PROTOCOL'],
    [withCode('HPE_INVALID_HEADER_TOKEN', 'Invalid header token'), 'ERR_PROBE_PROTOCOL'],
    [withCode('ERR_HTTP2_STREAM_ERROR', 'Stream closed with error code NGHTTP2_PROTOCOL_ERROR'), 'ERR_PROBE_PROTOCOL'],
    [withCode('ERR_HTTP2_STREAM_ERROR', 'Stream closed with error code NGHTTP2_REFUSED_STREAM'), 'ERR_PROBE_RESET'],
    [withCode('ERR_HTTP2_SESSION_ERROR', 'Session closed with error code 9'), 'ERR_PROBE_PROTOCOL'],
    [withCode('ERR_HTTP2_GOAWAY_SESSION', 'New streams cannot be created after receiving a GOAWAY'), 'ERR_PROBE_RESET'],
  ])('%s → %s', (error, code) => {
    expect(toProbeError(error).code).toBe(code);
  });

  it('a timeout abort names no numeric DOMException code', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(toProbeError(error)).toEqual({ code: 'ERR_PROBE_TIMEOUT', message: 'The operation was aborted due to timeout' });
  });

  it('multi-line OpenSSL messages become one line; the --insecure hint is for certificate errors only', () => {
    const handshake = toProbeError(withCode('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ssl3_read_bytes:sslv3 alert handshake failure:\nSSL alert number 40\n'));
    expect(handshake.code).toBe('ERR_PROBE_TLS');
    expect(handshake.message).not.toContain('\n');
    expect(handshake.message).not.toContain('--insecure');
    const selfSigned = toProbeError(withCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'));
    expect(selfSigned).toMatchObject({ code: 'ERR_PROBE_TLS', message: expect.stringMatching(/--insecure.*NODE_EXTRA_CA_CERTS/) });
  });

  it('an unsolicited 100 Continue is named in the message', () => {
    expect(toProbeError(withCode('UND_ERR_SOCKET', 'bad response')).message).toMatch(/100 Continue/);
  });
});
