import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { jsList } from './literals.js';

/** fastify + @fastify/cors. */
export const fastify: FrameworkSnippet = {
  name: 'fastify',
  label: 'Fastify (@fastify/cors)',
  language: 'js',
  render(policy: CorsPolicy): string {
    const lines = [
      '// npm install @fastify/cors',
      "import cors from '@fastify/cors';",
      '',
      isPublic(policy)
        ? '// origin "*": every site may read responses, without cookies.'
        : '// An array of strings is matched exactly; other origins get no Access-Control-Allow-Origin, and Vary: Origin is added.',
      '// allowedHeaders is always set: left out, @fastify/cors echoes Access-Control-Request-Headers.',
      'await app.register(cors, {',
      `  origin: ${isPublic(policy) ? "'*'" : jsList(policy.origins)},`,
      ...(policy.credentials ? ['  credentials: true,'] : []),
      `  methods: ${jsList(policy.methods)},`,
      `  allowedHeaders: ${jsList(policy.headers)},`,
      ...(policy.expose.length > 0 ? [`  exposedHeaders: ${jsList(policy.expose)},`] : []),
      ...(policy.maxAge !== null ? [`  maxAge: ${policy.maxAge},`] : []),
      '});',
    ];
    return `${lines.join('\n')}\n`;
  },
};
