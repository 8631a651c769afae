import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { jsList } from './literals.js';

/** hono's built-in cors middleware (any runtime; @hono/node-server on Node). */
export const hono: FrameworkSnippet = {
  name: 'hono',
  label: 'Hono (hono/cors)',
  language: 'ts',
  render(policy: CorsPolicy): string {
    // An empty allowHeaders makes hono echo Access-Control-Request-Headers; Accept is
    // CORS-safelisted, so listing it alone allows nothing a page could not send anyway.
    const headers = policy.headers.length > 0 ? policy.headers : ['Accept'];
    const lines = [
      "import { cors } from 'hono/cors';",
      '',
      isPublic(policy)
        ? '// origin "*": every site may read responses, without cookies.'
        : '// An origin array is matched exactly; hono adds Vary: Origin.',
      '// allowHeaders must not be empty: hono would echo Access-Control-Request-Headers.',
      'app.use(',
      "  '*',",
      '  cors({',
      `    origin: ${isPublic(policy) ? "'*'" : jsList(policy.origins)},`,
      ...(policy.credentials ? ['    credentials: true,'] : []),
      `    allowMethods: ${jsList(policy.methods)},`,
      `    allowHeaders: ${jsList(headers)},`,
      ...(policy.expose.length > 0 ? [`    exposeHeaders: ${jsList(policy.expose)},`] : []),
      ...(policy.maxAge !== null ? [`    maxAge: ${policy.maxAge},`] : []),
      '  }),',
      ');',
    ];
    return `${lines.join('\n')}\n`;
  },
};
