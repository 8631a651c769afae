import { CORS_RESPONSE_HEADERS, isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';

/** Caddy (Caddyfile), with `header` request matchers on Origin. */
export const caddy: FrameworkSnippet = {
  name: 'caddy',
  label: 'Caddy',
  language: 'caddyfile',
  render(policy: CorsPolicy): string {
    const pub = isPublic(policy);
    // One `header` line per value: Caddy ORs lines of the same field and compares values exactly.
    const originMatch = pub ? ['header Origin *'] : policy.origins.map((origin) => `header Origin ${origin}`);
    const lines = [
      'api.example.com {',
      '\t@cors {',
      ...originMatch.map((line) => `\t\t${line}`),
      '\t}',
      '\t@cors_preflight {',
      '\t\tmethod OPTIONS',
      ...originMatch.map((line) => `\t\t${line}`),
      '\t}',
      ...(pub ? [] : ['\t# Every answer depends on Origin, refused ones included.', '\theader +Vary Origin']),
      '\t# defer: set after the upstream answered, replacing its CORS headers, so there is only one of each.',
      '\theader @cors {',
      `\t\tAccess-Control-Allow-Origin ${pub ? '"*"' : '{http.request.header.Origin}'}`,
      ...(policy.credentials ? ['\t\tAccess-Control-Allow-Credentials true'] : []),
      ...(policy.expose.length > 0 ? [`\t\tAccess-Control-Expose-Headers "${policy.expose.join(', ')}"`] : []),
      '\t\tdefer',
      '\t}',
      '\theader @cors_preflight {',
      `\t\tAccess-Control-Allow-Methods "${policy.methods.join(', ')}"`,
      ...(policy.headers.length > 0 ? [`\t\tAccess-Control-Allow-Headers "${policy.headers.join(', ')}"`] : []),
      ...(policy.maxAge !== null ? [`\t\tAccess-Control-Max-Age ${policy.maxAge}`] : []),
      '\t}',
      ...(pub
        ? []
        : [
            '\t# Other origins (and requests without Origin) get no CORS headers, whatever the upstream sends.',
            '\t@cors_refused {',
            ...originMatch.map((line) => `\t\tnot ${line}`),
            '\t}',
            '\theader @cors_refused {',
            ...CORS_RESPONSE_HEADERS.map((name) => `\t\t-${name}`),
            '\t\tdefer',
            '\t}',
          ]),
      '\trespond @cors_preflight 204',
      '\treverse_proxy localhost:8080',
      '}',
    ];
    return `${lines.join('\n')}\n`;
  },
};
