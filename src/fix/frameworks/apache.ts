import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { exactAlternation } from './literals.js';

/**
 * Apache httpd (mod_headers, mod_setenvif, mod_rewrite). `Header always` writes to the
 * table used for every status, including errors; `Header set` alone would leave 4xx/5xx
 * answers without CORS headers. The origin regex is anchored and its dots escaped.
 */
export const apache: FrameworkSnippet = {
  name: 'apache',
  label: 'Apache httpd',
  language: 'apache',
  render(policy: CorsPolicy): string {
    const pub = isPublic(policy);
    const cond = pub ? '' : ' env=CORS_ORIGIN';
    const preflight = pub ? `"expr=%{REQUEST_METHOD} == 'OPTIONS'"` : `"expr=%{REQUEST_METHOD} == 'OPTIONS' && -n reqenv('CORS_ORIGIN')"`;
    const lines = [
      '# <VirtualHost> or <Directory>; needs mod_headers, mod_setenvif and mod_rewrite.',
      ...(pub
        ? []
        : [
            '# Exact, anchored match (dots escaped): CORS_ORIGIN holds the request Origin only when it is on the list.',
            `SetEnvIf Origin "${exactAlternation(policy.origins)}" CORS_ORIGIN=$1`,
          ]),
      '# Drop CORS headers an application behind this server may add, so there is only one of each.',
      'Header always unset Access-Control-Allow-Origin',
      'Header unset Access-Control-Allow-Origin',
      `Header always set Access-Control-Allow-Origin ${pub ? '"*"' : '"%{CORS_ORIGIN}e"'}${cond}`,
      ...(policy.credentials ? [`Header always set Access-Control-Allow-Credentials "true"${cond}`] : []),
      ...(policy.expose.length > 0 ? [`Header always set Access-Control-Expose-Headers "${policy.expose.join(', ')}"${cond}`] : []),
      `Header always set Access-Control-Allow-Methods "${policy.methods.join(', ')}" ${preflight}`,
      ...(policy.headers.length > 0 ? [`Header always set Access-Control-Allow-Headers "${policy.headers.join(', ')}" ${preflight}`] : []),
      ...(policy.maxAge !== null ? [`Header always set Access-Control-Max-Age "${policy.maxAge}" ${preflight}`] : []),
      ...(pub ? [] : ['Header always merge Vary Origin']),
      '# Answer preflights here with 204 instead of passing them to the application.',
      'RewriteEngine On',
      'RewriteCond %{REQUEST_METHOD} OPTIONS',
      'RewriteRule ^ - [R=204,L]',
    ];
    return `${lines.join('\n')}\n`;
  },
};
