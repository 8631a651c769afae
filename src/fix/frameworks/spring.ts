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
      '// imports: java.util.List, org.springframework.context.annotation.Bean, org.springframework.web.cors.*',
      '// Spring Security: http.cors(Customizer.withDefaults()) uses this bean.',
      '// Without Spring Security: also declare @Bean CorsFilter corsFilter() { return new CorsFilter(corsConfigurationSource()); }',
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
