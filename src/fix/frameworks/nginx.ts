import { CORS_RESPONSE_HEADERS, isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';

/**
 * nginx. A list of origins needs `map` (one Access-Control-Allow-Origin value per
 * request, never a list); `always` makes add_header apply to 4xx/5xx answers too,
 * without which CORS disappears exactly on errors. nginx skips add_header lines whose
 * value is empty, which is how refused origins get no CORS headers.
 */
export const nginx: FrameworkSnippet = {
  name: 'nginx',
  label: 'nginx',
  language: 'nginx',
  render(policy: CorsPolicy): string {
    const pub = isPublic(policy);
    const allowOrigin = pub ? '"*"' : '$cors_allow_origin';
    const lines: string[] = [];
    if (!pub) {
      lines.push(
        '# http {} context: Access-Control-Allow-Origin holds the request Origin only when it is on the list.',
        'map $http_origin $cors_allow_origin {',
        '    default "";',
        ...policy.origins.map((origin) => `    "${origin}" $http_origin;`),
        '}',
        '# Preflight-only headers, for allowed origins only (empty means "not sent").',
        'map "$request_method $cors_allow_origin" $cors_preflight {',
        '    default "";',
        '    "~^OPTIONS .+" "yes";',
        '}',
      );
    } else {
      lines.push(
        '# http {} context',
        'map $request_method $cors_preflight {',
        '    default "";',
        '    OPTIONS "yes";',
        '}',
      );
    }
    const whenPreflight = (name: string, value: string) => [
      `map $cors_preflight $cors_${name} {`,
      '    default "";',
      `    "yes" "${value}";`,
      '}',
    ];
    lines.push(...whenPreflight('allow_methods', policy.methods.join(', ')));
    if (policy.headers.length > 0) lines.push(...whenPreflight('allow_headers', policy.headers.join(', ')));
    if (policy.maxAge !== null) lines.push(...whenPreflight('max_age', String(policy.maxAge)));
    const perOrigin = (name: string, value: string) =>
      pub ? [] : [`map $cors_allow_origin $cors_${name} {`, '    default "";', `    "~." "${value}";`, '}'];
    if (policy.credentials) lines.push(...perOrigin('allow_credentials', 'true'));
    if (policy.expose.length > 0 && !pub) lines.push(...perOrigin('expose_headers', policy.expose.join(', ')));
    lines.push(
      '',
      'server {',
      '    location / {',
      '        # Every add_header of this block must stay at this level: nginx drops inherited',
      '        # add_header lines in any block that has its own.',
      '        # CORS headers an upstream sends are hidden, so browsers never get two of each.',
      ...CORS_RESPONSE_HEADERS.map((name) => `        proxy_hide_header ${name};`),
      `        add_header Access-Control-Allow-Origin ${allowOrigin} always;`,
      ...(policy.credentials ? ['        add_header Access-Control-Allow-Credentials $cors_allow_credentials always;'] : []),
      ...(policy.expose.length > 0
        ? [`        add_header Access-Control-Expose-Headers ${pub ? `"${policy.expose.join(', ')}"` : '$cors_expose_headers'} always;`]
        : []),
      '        add_header Access-Control-Allow-Methods $cors_allow_methods always;',
      ...(policy.headers.length > 0 ? ['        add_header Access-Control-Allow-Headers $cors_allow_headers always;'] : []),
      ...(policy.maxAge !== null ? ['        add_header Access-Control-Max-Age $cors_max_age always;'] : []),
      ...(pub ? [] : ['        add_header Vary Origin always;']),
      '',
      '        if ($request_method = OPTIONS) {',
      '            return 204;',
      '        }',
      '        # proxy_pass / root as before',
      '    }',
      '}',
    );
    return `${lines.join('\n')}\n`;
  },
};
