import { isPublic, type CorsPolicy, type FrameworkSnippet } from '../policy.js';
import { quoted } from './literals.js';

/** ASP.NET Core CORS middleware (Program.cs). */
export const aspnet: FrameworkSnippet = {
  name: 'aspnet',
  label: 'ASP.NET Core',
  language: 'csharp',
  render(policy: CorsPolicy): string {
    const lines = [
      '// Program.cs',
      'builder.Services.AddCors(options =>',
      '{',
      '    options.AddPolicy("corscan", policy => policy',
      isPublic(policy) ? '        .AllowAnyOrigin()' : `        .WithOrigins(${quoted(policy.origins)})`,
      ...(policy.credentials ? ['        .AllowCredentials()'] : []),
      policy.methods.includes('*') ? '        .AllowAnyMethod()' : `        .WithMethods(${quoted(policy.methods)})`,
      policy.headers.includes('*') ? '        .AllowAnyHeader()' : `        .WithHeaders(${quoted(policy.headers)})`,
      ...(policy.expose.length > 0 ? [`        .WithExposedHeaders(${quoted(policy.expose)})`] : []),
      ...(policy.maxAge !== null ? [`        .SetPreflightMaxAge(TimeSpan.FromSeconds(${policy.maxAge}))`] : []),
      '    );',
      '});',
      '',
      '// After UseRouting, before UseAuthentication/UseAuthorization, so preflights are answered.',
      'app.UseCors("corscan");',
    ];
    return `${lines.join('\n')}\n`;
  },
};
