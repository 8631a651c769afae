import { defineRule } from '../model/rule.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { evidenceOf } from './shared/helpers.js';
import { preflightViews, verdictData, verdictOf } from './shared/preflight-helpers.js';

export default defineRule({
  id: 'wildcard-methods-headers-credentials',
  meta: {
    title: 'Access-Control-Allow-Methods/-Headers: * sent with credentials',
    description:
      'For credentialed requests browsers read "*" in Access-Control-Allow-Methods and Access-Control-Allow-Headers as a method or header literally named "*" (Fetch). A server that means "everything" with credentials allows nothing beyond the safelisted methods and headers.',
    severity: 'medium',
    category: 'invalid',
    remediation:
      'With Access-Control-Allow-Credentials: true, list the methods and request headers the API accepts by name (e.g. Access-Control-Allow-Methods: GET, PUT, DELETE and Access-Control-Allow-Headers: Content-Type, Authorization).',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-allow-methods', 'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials'],
    cwe: ['CWE-942'],
    precision: 'very-high',
  },
  requires: [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    wildcardLiteral: (d: { headers: string; origin: string; verdict: string; reason: string }) =>
      `${d.headers}: * is sent with Access-Control-Allow-Credentials: true, where Chrome, Firefox and Safari read "*" literally; a credentialed preflight from ${d.origin} fails (${d.reason}). List the methods and headers by name.`,
    wildcardUseless: (d: { headers: string }) =>
      `${d.headers}: * is sent with Access-Control-Allow-Credentials: true, where browsers read "*" literally; it grants nothing (the names listed next to it still work). Drop the "*".`,
  },
  check(obs) {
    const hits = preflightViews(obs).filter(
      (view) => view.allowCredentials && (view.allowMethods.includes('*') || view.allowHeaders.includes('*')),
    );
    if (hits.length === 0) return undefined;
    const headers = [
      ...(hits.some((view) => view.allowMethods.includes('*')) ? ['Access-Control-Allow-Methods'] : []),
      ...(hits.some((view) => view.allowHeaders.includes('*')) ? ['Access-Control-Allow-Headers'] : []),
    ].join(' / ');
    // The browser's verdict for the credentialed request each preflight stands for.
    const blocked = hits.map((view) => ({ view, verdict: verdictOf(view, 'include') })).find(({ verdict }) => !verdict.allowed);
    if (!blocked) return { messageId: 'wildcardUseless', data: { headers }, evidence: evidenceOf(hits), severity: 'low' };
    return {
      messageId: 'wildcardLiteral',
      data: { headers, origin: blocked.view.requestOrigin!, ...verdictData(blocked.verdict) },
      evidence: evidenceOf([blocked.view, ...hits.filter((view) => view !== blocked.view)]),
    };
  },
});
