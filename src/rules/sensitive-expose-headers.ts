import { corsCheck } from '../cors/check.js';
import { readableResponseHeaders } from '../cors/preflight.js';
import { defineRule, type RuleHit } from '../model/rule.js';
import type { CorsView } from '../model/observation.js';
import { ACTUAL_METHODS, ERROR_STATUS } from '../probe/preflight-families.js';
import { evidenceOf, VALIDITY_FAMILIES } from './shared/helpers.js';
import { isPreflight, isTrustedOrigin } from './shared/preflight-helpers.js';

/** Response headers that carry credentials or tokens. */
const SENSITIVE = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey)$|(^|-)(token|secret|api-?key|session|password|credentials?|jwt)(-|$)/;
/** Fetch "forbidden response-header name": never exposed, whatever ACEH says. */
const FORBIDDEN = ['set-cookie', 'set-cookie2'];

type Hit = { messageId: 'sensitive' | 'forbidden' | 'wildcardWithCredentials'; data: Record<string, string>; views: CorsView[]; severity: 'medium' | 'low' | 'info' };

const messages = {
  sensitive: (d: { names: string; origin: string }) =>
    `Access-Control-Expose-Headers lets script on ${d.origin} read ${d.names}: every browser hands these credential-bearing headers to that page. Stop exposing them.`,
  forbidden: (d: { names: string }) =>
    `Access-Control-Expose-Headers lists ${d.names}, which browsers never expose (forbidden response-header name): the entry does nothing. Remove it.`,
  wildcardWithCredentials: () =>
    'Access-Control-Expose-Headers: * is sent with Access-Control-Allow-Credentials: true, where Chrome, Firefox and Safari read "*" as a header literally named "*": no header is exposed to credentialed requests. List the names instead.',
};

export default defineRule({
  id: 'sensitive-expose-headers',
  meta: {
    title: 'Access-Control-Expose-Headers exposes credential-bearing headers',
    description:
      'Access-Control-Expose-Headers makes response headers readable by cross-origin script. Exposing Authorization, API keys or tokens hands them to every origin the response grants. Set-Cookie can never be exposed (a forbidden response-header name), and "*" is a literal name for credentialed requests, so both entries do nothing.',
    severity: 'low',
    category: 'permissive',
    remediation:
      'Expose only the headers front ends need (e.g. ETag, Link, X-Request-Id). Return tokens in the body of an authenticated response to a trusted origin, never as an exposed header; list names instead of "*" when credentials are allowed.',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-expose-headers', 'https://fetch.spec.whatwg.org/#forbidden-response-header-name'],
    cwe: ['CWE-200', 'CWE-942'],
    precision: 'high',
  },
  requires: [...VALIDITY_FAMILIES, ACTUAL_METHODS, ERROR_STATUS],
  messages,
  check(obs) {
    const hits = new Map<string, Hit>();
    const add = (key: string, hit: Omit<Hit, 'views'>, view: CorsView) => {
      const existing = hits.get(key);
      if (existing) existing.views.push(view);
      else hits.set(key, { ...hit, views: [view] });
    };
    for (const view of obs.views) {
      if (view.exposeHeaders.length === 0 || isPreflight(view)) continue;
      const origin = view.requestOrigin;
      const names = view.exposeHeaders.map((name) => name.toLowerCase());
      const forbidden = names.filter((name) => FORBIDDEN.includes(name));
      if (forbidden.length > 0) add(`forbidden ${forbidden}`, { messageId: 'forbidden', data: { names: forbidden.join(', ') }, severity: 'info' }, view);
      if (names.includes('*') && view.allowCredentials) add('wildcard', { messageId: 'wildcardWithCredentials', data: {}, severity: 'low' }, view);
      if (!origin) continue;
      const credentials = view.allowCredentials ? 'include' : 'omit';
      if (!corsCheck(view, origin, credentials).allowed) continue;
      // Listed sensitive names, and, for "*" without credentials, the sensitive headers actually readable.
      const readable = readableResponseHeaders(view.headers, credentials);
      const sensitive = [...new Set([...names.filter((name) => name !== '*'), ...(names.includes('*') ? readable : [])])].filter(
        (name) => SENSITIVE.test(name) && !FORBIDDEN.includes(name),
      );
      if (sensitive.length === 0) continue;
      const trusted = isTrustedOrigin(obs, origin);
      add(
        `sensitive ${sensitive} ${trusted}`,
        { messageId: 'sensitive', data: { names: sensitive.join(', '), origin }, severity: trusted ? 'low' : 'medium' },
        view,
      );
    }
    return [...hits.values()].map(({ messageId, data, views, severity }): RuleHit<typeof messages> => {
      const evidence = evidenceOf(views);
      if (messageId === 'sensitive') return { messageId, data: { names: data['names']!, origin: data['origin']! }, evidence, severity };
      if (messageId === 'forbidden') return { messageId, data: { names: data['names']! }, evidence, severity };
      return { messageId, data: {}, evidence, severity };
    });
  },
});
