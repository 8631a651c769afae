import { defineRule } from '../model/rule.js';
import { requestHeader } from '../model/probe.js';
import { PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED, UNUSUAL_METHOD } from '../probe/preflight-families.js';
import { pickEcho, preflightViews } from './shared/preflight-helpers.js';

export default defineRule({
  id: 'reflected-request-method',
  meta: {
    title: 'Access-Control-Allow-Methods echoes the requested method',
    description:
      `The preflight copies Access-Control-Request-Method into Access-Control-Allow-Methods: a made-up method (${UNUSUAL_METHOD}) is granted, so every method, DELETE included, is allowed to every origin the server grants. Browsers enforce whatever the server says; an echo means no method list at all.`,
    severity: 'low',
    category: 'permissive',
    remediation:
      'Answer preflights with the fixed list of methods the endpoint supports (e.g. Access-Control-Allow-Methods: GET, POST, PUT), never with the requested one.',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-allow-methods', 'https://fetch.spec.whatwg.org/#cors-preflight-fetch'],
    cwe: ['CWE-942'],
    precision: 'high',
  },
  requires: [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    reflected: (d: { origin: string; method: string; verdict: string; reason: string }) =>
      `The preflight from ${d.origin} asked for method ${d.method} and Access-Control-Allow-Methods granted it: the server echoes any method, so browsers let the origins it grants send PUT, PATCH and DELETE alike (browser verdict: ${d.verdict}). List the supported methods instead.`,
  },
  check(obs) {
    const echoes = preflightViews(obs).filter((view) => {
      const asked = requestHeader(view.probe, 'access-control-request-method');
      return asked === UNUSUAL_METHOD && view.allowMethods.some((method) => method.toUpperCase() === UNUSUAL_METHOD);
    });
    if (echoes.length === 0) return undefined;
    // Worse when the preflight also passes for an origin the site does not trust.
    const echo = pickEcho(obs, echoes);
    return {
      messageId: 'reflected',
      data: { ...echo.data, method: UNUSUAL_METHOD },
      evidence: echo.evidence,
      ...(echo.untrusted ? { severity: 'medium' as const } : {}),
    };
  },
});
