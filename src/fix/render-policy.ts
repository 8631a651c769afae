import { previewExchanges, type PreviewExchange } from './policy-builder.js';
import { isPublic, type CorsPolicy, type FrameworkSnippet } from './policy.js';

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 204: 'No Content' };

function renderExchange(exchange: PreviewExchange): string {
  const request = [`${exchange.request.method} /resource HTTP/1.1`, ...exchange.request.headers.map(([n, v]) => `${n}: ${v}`)];
  const response = [
    `HTTP/1.1 ${exchange.response.status} ${STATUS_TEXT[exchange.response.status] ?? ''}`.trimEnd(),
    ...exchange.response.headers.map(([n, v]) => `${n}: ${v}`),
  ];
  if (!exchange.response.headers.some(([name]) => name.startsWith('Access-Control-'))) response.push('(no Access-Control-* headers)');
  return [`${exchange.title}:`, ...request.map((line) => `  > ${line}`), ...response.map((line) => `  < ${line}`)].join('\n');
}

/** One-paragraph summary of what the policy allows. */
export function describePolicy(policy: CorsPolicy): string {
  return [
    `origins:     ${isPublic(policy) ? '* (every site, without cookies)' : policy.origins.join(', ')}`,
    `credentials: ${policy.credentials ? 'yes (cookies and HTTP auth)' : 'no'}`,
    `methods:     ${policy.methods.join(', ')}`,
    `headers:     ${policy.headers.join(', ') || '(none beyond the CORS-safelisted ones)'}`,
    `expose:      ${policy.expose.join(', ') || '(none)'}`,
    `max-age:     ${policy.maxAge === null ? '(not sent: browsers cache preflights for 5 s)' : `${policy.maxAge} s`}`,
  ].join('\n');
}

/** The text `corscan policy` prints for one policy: summary, exact headers, framework snippets. Pure. */
export function renderPolicy(policy: CorsPolicy, frameworks: readonly FrameworkSnippet[], title = 'CORS policy'): string {
  const out = [
    `# ${title}`,
    '',
    describePolicy(policy),
    '',
    '## Response headers',
    '',
    previewExchanges(policy).map(renderExchange).join('\n\n'),
  ];
  for (const framework of frameworks) {
    out.push('', `## ${framework.label}`, '', `\`\`\`${framework.language}`, framework.render(policy).trimEnd(), '```');
  }
  return `${out.join('\n')}\n`;
}
