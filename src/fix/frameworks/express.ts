import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { jsList } from './literals.js';

/** express + cors (expressjs/cors). */
export const express: FrameworkSnippet = {
  name: 'express',
  label: 'Express (cors)',
  language: 'js',
  render(policy: CorsPolicy): string {
    const lines = [
      '// npm install cors',
      "import cors from 'cors';",
      '',
      isPublic(policy)
        ? '// origin "*": every site may read responses, without cookies.'
        : '// An origin array is matched exactly; cors then echoes the request Origin and adds Vary: Origin.',
      '// allowedHeaders is always set: left out, cors echoes whatever Access-Control-Request-Headers asks for.',
      'app.use(',
      '  cors({',
      `    origin: ${isPublic(policy) ? "'*'" : jsList(policy.origins)},`,
      ...(policy.credentials ? ['    credentials: true,'] : []),
      `    methods: ${jsList(policy.methods)},`,
      `    allowedHeaders: ${jsList(policy.headers)},`,
      ...(policy.expose.length > 0 ? [`    exposedHeaders: ${jsList(policy.expose)},`] : []),
      ...(policy.maxAge !== null ? [`    maxAge: ${policy.maxAge},`] : []),
      '  }),',
      ');',
    ];
    return `${lines.join('\n')}\n`;
  },
};
