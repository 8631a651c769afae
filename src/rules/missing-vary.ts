import type { CorsView } from '../model/observation.js';
import { requestHeader } from '../model/probe.js';
import { defineRule } from '../model/rule.js';
import { allowOriginOf, evidenceOf, groupBy, VALIDITY_FAMILIES } from './shared/helpers.js';

/** Request headers besides Origin that a response may depend on: probes differing in them are not compared. */
const OTHER_REQUEST_HEADERS = ['cookie', 'authorization'];

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
      'Add Vary: Origin to every response whose CORS headers depend on the Origin request header, including responses that grant nothing. A static "*" or a fixed single origin sent on every response needs no Vary; "*" sent only when the request has an Origin does.',
    references: ['https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches'],
    cwe: ['CWE-524'],
    precision: 'high',
  },
  requires: VALIDITY_FAMILIES,
  messages: {
    missingVary: (d: { method: string }) =>
      `${d.method} responses carry an Access-Control-Allow-Origin that changes with the request Origin, without Vary: Origin: caches can serve one origin's answer to another.`,
    wildcardOnlyWithOrigin: (d: { method: string }) =>
      `${d.method} responses carry Access-Control-Allow-Origin: * only when the request has an Origin, without Vary: Origin: a cache that stored the answer to a request without Origin serves it to pages, and their reads fail.`,
  },
  fix: () => ({
    advice: 'Send `Vary: Origin` on every response whose CORS headers depend on Origin, refused origins included, so caches keep answers apart',
    answer: 'actual',
  }),
  check(obs) {
    // Fetch "CORS protocol and HTTP caches": Vary is needed once ACAO is more than `*` or one static
    // origin. Only cacheable answers count: responses to OPTIONS are not stored by HTTP caches
    // (RFC 9110 §9.3.7) and the browser's preflight cache is keyed by origin, so preflights are left out.
    // Responses are compared per request (method, URL, cookie, authorization), across origins.
    const cacheable = obs.views.filter((view) => view.probe.method !== 'OPTIONS');
    const requestKey = (view: CorsView): string => {
      let key = `${view.probe.method} ${view.probe.url}`;
      for (const name of OTHER_REQUEST_HEADERS) key += ` ${requestHeader(view.probe, name) ?? ''}`;
      return key;
    };
    // One finding per method and kind.
    const unvaried = new Map<string, { messageId: 'missingVary' | 'wildcardOnlyWithOrigin'; method: string; views: CorsView[] }>();
    const add = (messageId: 'missingVary' | 'wildcardOnlyWithOrigin', views: CorsView[]) => {
      const method = views[0]!.probe.method;
      const entry = unvaried.get(`${messageId} ${method}`) ?? { messageId, method, views: [] };
      entry.views.push(...views);
      unvaried.set(`${messageId} ${method}`, entry);
    };
    for (const views of groupBy(cacheable, requestKey).values()) {
      const values = new Set(views.map((view) => allowOriginOf(view) ?? ''));
      if (values.size < 2) continue;
      // Fetch: once ACAO depends on Origin, every answer needs Vary: Origin, "even for responses
      // without an Access-Control-Allow-Origin header": a cached refusal (or the answer to a request
      // without Origin) served to a front end fails its CORS check. Grants are listed first.
      if (views.some((view) => ![null, '*'].includes(allowOriginOf(view)))) {
        const unvaried = views.filter((view) => !variesOnOrigin(view.vary));
        const granting = unvaried.filter((view) => allowOriginOf(view) !== null);
        if (unvaried.length > 0) add('missingVary', [...granting, ...unvaried.filter((view) => !granting.includes(view))]);
        continue;
      }
      // `*` only for requests with an Origin is origin-dependent too: the answer without Origin has no ACAO.
      const bareWithoutOrigin = views.some((view) => view.requestOrigin === null && allowOriginOf(view) === null);
      const wildcards = views.filter((view) => view.requestOrigin !== null && allowOriginOf(view) === '*' && !variesOnOrigin(view.vary));
      if (bareWithoutOrigin && wildcards.length > 0) add('wildcardOnlyWithOrigin', wildcards);
    }
    return [...unvaried.values()].map(({ messageId, method, views }) => ({ messageId, data: { method }, evidence: evidenceOf(views) }));
  },
});
