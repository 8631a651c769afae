import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { jsList } from './literals.js';

/**
 * koa + @koa/cors. Its `origin` option takes one string or a function, not a list,
 * and with `credentials: true` and no `origin` it echoes every Origin: so a list
 * becomes a function that returns '' (no CORS headers) for other origins.
 */
export const koa: FrameworkSnippet = {
  name: 'koa',
  label: 'Koa (@koa/cors)',
  language: 'js',
  render(policy: CorsPolicy): string {
    // An empty allowHeaders makes @koa/cors echo Access-Control-Request-Headers; Accept is
    // CORS-safelisted, so listing it alone allows nothing a page could not send anyway.
    const headers = policy.headers.length > 0 ? policy.headers : ['Accept'];
    const lines = [
      '// npm install @koa/cors',
      "import cors from '@koa/cors';",
      '',
      ...(isPublic(policy)
        ? ['// origin "*": every site may read responses, without cookies.']
        : [
            '// @koa/cors takes no list: without origin it echoes every Origin, so match the list here.',
            `const allowedOrigins = new Set(${jsList(policy.origins)});`,
          ]),
      ...(policy.headers.length > 0 ? [] : ['// allowHeaders must not be empty: @koa/cors would echo Access-Control-Request-Headers.']),
      'app.use(',
      '  cors({',
      isPublic(policy) ? "    origin: '*'," : "    origin: (ctx) => (allowedOrigins.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),",
      ...(policy.credentials ? ['    credentials: true,'] : []),
      `    allowMethods: ${jsList(policy.methods)},`,
      `    allowHeaders: ${jsList(headers)},`,
      ...(policy.expose.length > 0 ? [`    exposeHeaders: ${jsList(policy.expose)},`] : []),
      // @koa/cors drops a falsy maxAge, so 0 goes in as a string.
      ...(policy.maxAge !== null ? [`    maxAge: ${policy.maxAge === 0 ? "'0'" : policy.maxAge},`] : []),
      '  }),',
      ');',
    ];
    return `${lines.join('\n')}\n`;
  },
};
