import type { CorsView } from '../model/observation.js';
import { corsRequestKey } from '../model/probe.js';
import { defineRule } from '../model/rule.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { allowOriginOf, evidenceOf, groupBy, VALIDITY_FAMILIES } from './shared/helpers.js';
import { isPreflight } from './shared/preflight-helpers.js';

const variesOnOrigin = (vary: readonly string[]): boolean => vary.includes('origin') || vary.includes('*');

export default defineRule({
  id: 'missing-vary',
  meta: {
    title: 'Access-Control-Allow-Origin depends on Origin without Vary: Origin',
    description:
      'The server answers different origins differently but does not say so with Vary: Origin. A shared cache (CDN, proxy) or the browser cache can then serve one origin\'s answer to another: legitimate front ends break, or a granted origin is served to the wrong page.',
    severity: 'low',
    category: 'inconsistent',
    remediation:
      'Add Vary: Origin to every response whose CORS headers depend on the Origin request header, including responses that grant nothing. A static "*" or a fixed single origin needs no Vary.',
    references: ['https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches'],
    cwe: ['CWE-524'],
    precision: 'high',
  },
  requires: [...VALIDITY_FAMILIES, PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    missingVary: (d: { method: string }) =>
      `${d.method} responses carry an Access-Control-Allow-Origin that changes with the request Origin, without Vary: Origin: caches can serve one origin's answer to another.`,
  },
  check(obs) {
    // Fetch "CORS protocol and HTTP caches": Vary is needed once ACAO is more than `*` or one static origin.
    // Preflights too: a cached preflight granting one origin, served to another, breaks or over-grants
    // the same way. Responses are compared per request (method, URL, preflight headers), across origins.
    // One finding per method; all preflights count as one ("OPTIONS (preflight)").
    const unvariedByMethod = new Map<string, CorsView[]>();
    for (const views of groupBy(obs.views, (view) => corsRequestKey(view.probe)).values()) {
      const values = new Set(views.map((view) => allowOriginOf(view) ?? ''));
      if (values.size < 2) continue;
      const unvaried = views.filter((view) => allowOriginOf(view) !== null && allowOriginOf(view) !== '*' && !variesOnOrigin(view.vary));
      if (unvaried.length === 0) continue;
      const method = isPreflight(views[0]!) ? 'OPTIONS (preflight)' : views[0]!.probe.method;
      unvariedByMethod.set(method, [...(unvariedByMethod.get(method) ?? []), ...unvaried]);
    }
    return [...unvariedByMethod.entries()].map(([method, unvaried]) => ({ messageId: 'missingVary' as const, data: { method }, evidence: evidenceOf(unvaried) }));
  },
});
