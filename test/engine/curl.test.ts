import { describe, expect, it } from 'vitest';
import { toCurl } from '../../src/engine/curl.js';

describe('toCurl', () => {
  const request = { method: 'OPTIONS', url: 'https://api.victim.test:8443/v1', headers: { Origin: 'https://evil.test', 'X-Note': "it's" } };

  it('repeats method and headers, quoted for a POSIX shell', () => {
    expect(toCurl(request)).toBe("curl -sS -o /dev/null -D - -X OPTIONS -H 'Origin: https://evil.test' -H 'X-Note: it'\\''s' https://api.victim.test:8443/v1");
  });

  it('adds -k and only the --resolve entries of the URL host and port', () => {
    const line = toCurl(request, { insecure: true, resolve: ['api.victim.test:8443:127.0.0.1', 'api.victim.test:443:127.0.0.2', 'other.test:8443:127.0.0.3'] });
    expect(line).toContain(' -k --resolve api.victim.test:8443:127.0.0.1 -X OPTIONS');
    expect(line).not.toContain('127.0.0.2');
    expect(line).not.toContain('127.0.0.3');
  });

  it('uses the default port of the scheme for --resolve', () => {
    expect(toCurl({ method: 'GET', url: 'http://a.test/', headers: {} }, { resolve: ['a.test:80:127.0.0.1'] })).toContain('--resolve a.test:80:127.0.0.1');
  });
});
