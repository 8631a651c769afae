import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { quoted } from './literals.js';

/**
 * Spring (Web MVC / WebFlux / Security) CorsConfiguration. setAllowedOrigins matches
 * exactly; setAllowedOriginPatterns would accept wildcards, which is what we avoid.
 */
export const spring: FrameworkSnippet = {
  name: 'spring',
  label: 'Spring (CorsConfiguration)',
  language: 'java',
  render(policy: CorsPolicy): string {
    const lines = [
      '// Spring Security picks this bean up with http.cors(Customizer.withDefaults()).',
      '@Bean',
      'CorsConfigurationSource corsConfigurationSource() {',
      '    CorsConfiguration config = new CorsConfiguration();',
      `    config.setAllowedOrigins(List.of(${quoted(policy.origins)}));`,
      ...(policy.credentials ? ['    config.setAllowCredentials(true);'] : []),
      `    config.setAllowedMethods(List.of(${quoted(policy.methods)}));`,
      `    config.setAllowedHeaders(List.of(${quoted(policy.headers)}));`,
      ...(policy.expose.length > 0 ? [`    config.setExposedHeaders(List.of(${quoted(policy.expose)}));`] : []),
      ...(policy.maxAge !== null ? [`    config.setMaxAge(${policy.maxAge}L);`] : []),
      ...(isPublic(policy) ? [] : ['    // Spring adds Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers.']),
      '    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();',
      '    source.registerCorsConfiguration("/**", config);',
      '    return source;',
      '}',
    ];
    return `${lines.join('\n')}\n`;
  },
};
