import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { quoted } from './literals.js';

/** Django with django-cors-headers (settings.py). */
export const django: FrameworkSnippet = {
  name: 'django',
  label: 'Django (django-cors-headers)',
  language: 'python',
  render(policy: CorsPolicy): string {
    const lines = [
      '# settings.py; pip install django-cors-headers',
      'INSTALLED_APPS += ["corsheaders"]',
      '# As high as possible, before CommonMiddleware and anything that can answer early.',
      'MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")',
      '',
      isPublic(policy)
        ? 'CORS_ALLOW_ALL_ORIGINS = True'
        : `CORS_ALLOWED_ORIGINS = [${quoted(policy.origins)}]  # exact; avoid CORS_ALLOWED_ORIGIN_REGEXES`,
      ...(policy.credentials ? ['CORS_ALLOW_CREDENTIALS = True'] : []),
      `CORS_ALLOW_METHODS = [${quoted(policy.methods)}]`,
      `CORS_ALLOW_HEADERS = [${quoted(policy.headers.map((h) => h.toLowerCase()))}]`,
      ...(policy.expose.length > 0 ? [`CORS_EXPOSE_HEADERS = [${quoted(policy.expose)}]`] : []),
      // The package default is 86400 s, above Chromium's 7200 s cap: always set it.
      `CORS_PREFLIGHT_MAX_AGE = ${policy.maxAge ?? 0}  # the default, 86400, is above Chromium's 7200 s cap`,
    ];
    return `${lines.join('\n')}\n`;
  },
};
