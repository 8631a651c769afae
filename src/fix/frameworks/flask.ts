import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { quoted } from './literals.js';

/** Flask with Flask-CORS. */
export const flask: FrameworkSnippet = {
  name: 'flask',
  label: 'Flask (Flask-CORS)',
  language: 'python',
  render(policy: CorsPolicy): string {
    const lines = [
      '# pip install "flask-cors>=6"  (6.0 fixed path-matching CVEs: CVE-2024-6839, -6844, -6866)',
      'from flask_cors import CORS',
      '',
      ...(isPublic(policy)
        ? []
        : [
            '# Flask-CORS adds Vary: Origin only to answers it grants; refused ones must vary too, or a',
            '# shared cache can serve them to your front end. Registered first, so it runs last.',
            '@app.after_request',
            'def vary_on_origin(response):',
            '    response.vary.add("Origin")',
            '    return response',
            '',
          ]),
      '# Plain strings are compared exactly; a string with regex characters would be a regex.',
      'CORS(',
      '    app,',
      `    origins=${isPublic(policy) ? '"*"' : `[${quoted(policy.origins)}]`},`,
      ...(policy.credentials ? ['    supports_credentials=True,'] : []),
      `    methods=[${quoted(policy.methods)}],`,
      `    allow_headers=[${quoted(policy.headers)}],`,
      ...(policy.expose.length > 0 ? [`    expose_headers=[${quoted(policy.expose)}],`] : []),
      ...(policy.maxAge !== null ? [`    max_age=${policy.maxAge},`] : []),
      ')',
    ];
    return `${lines.join('\n')}\n`;
  },
};
