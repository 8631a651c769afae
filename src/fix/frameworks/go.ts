import { type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { quoted } from './literals.js';

/** Go net/http with github.com/rs/cors. */
export const go: FrameworkSnippet = {
  name: 'go',
  label: 'Go net/http (rs/cors)',
  language: 'go',
  render(policy: CorsPolicy): string {
    const lines = [
      '// go get github.com/rs/cors',
      'import "github.com/rs/cors"',
      '',
      '// AllowedHeaders is always set: rs/cors otherwise allows its own default list.',
      'c := cors.New(cors.Options{',
      `\tAllowedOrigins:   []string{${quoted(policy.origins)}},`,
      ...(policy.credentials ? ['\tAllowCredentials: true,'] : []),
      `\tAllowedMethods:   []string{${quoted(policy.methods)}},`,
      `\tAllowedHeaders:   []string{${quoted(policy.headers)}},`,
      ...(policy.expose.length > 0 ? [`\tExposedHeaders:   []string{${quoted(policy.expose)}},`] : []),
      ...(policy.maxAge !== null ? [`\tMaxAge:           ${policy.maxAge},`] : []),
      '})',
      'handler := c.Handler(mux)',
      'http.ListenAndServe(":8080", handler)',
    ];
    return `${lines.join('\n')}\n`;
  },
};
