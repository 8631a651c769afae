import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';

/** Caddy (Caddyfile). The `header` matcher with several values matches any of them, exactly. */
export const caddy: FrameworkSnippet = {
  name: 'caddy',
  label: 'Caddy',
  language: 'caddyfile',
  render(policy: CorsPolicy): string {
    const pub = isPublic(policy);
    const originMatch = pub ? 'header Origin *' : `header Origin ${policy.origins.join(' ')}`;
    const lines = [
      'api.example.com {',
      `\t@cors ${originMatch}`,
      '\t@cors_preflight {',
      '\t\tmethod OPTIONS',
      `\t\t${originMatch}`,
      '\t}',
      ...(pub ? [] : ['\t# Every answer depends on Origin, refused ones included.', '\theader +Vary Origin']),
      '\t# ">" replaces headers the upstream may set, so there is only one of each.',
      '\theader @cors {',
      `\t\t>Access-Control-Allow-Origin ${pub ? '"*"' : '{http.request.header.Origin}'}`,
      ...(policy.credentials ? ['\t\t>Access-Control-Allow-Credentials true'] : []),
      ...(policy.expose.length > 0 ? [`\t\t>Access-Control-Expose-Headers "${policy.expose.join(', ')}"`] : []),
      '\t}',
      '\theader @cors_preflight {',
      `\t\tAccess-Control-Allow-Methods "${policy.methods.join(', ')}"`,
      ...(policy.headers.length > 0 ? [`\t\tAccess-Control-Allow-Headers "${policy.headers.join(', ')}"`] : []),
      ...(policy.maxAge !== null ? [`\t\tAccess-Control-Max-Age ${policy.maxAge}`] : []),
      '\t}',
      '\trespond @cors_preflight 204',
      '\treverse_proxy localhost:8080',
      '}',
    ];
    return `${lines.join('\n')}\n`;
  },
};
