import { defineRule } from '../model/rule.js';
import { requestHeader } from '../model/probe.js';
import { CUSTOM_HEADER, PREFLIGHT_TRUSTED, PREFLIGHT_UNTRUSTED } from '../probe/preflight-families.js';
import { pickEcho, preflightViews } from './shared/preflight-helpers.js';

export default defineRule({
  id: 'reflected-request-headers',
  meta: {
    title: 'Access-Control-Allow-Headers echoes the requested headers',
    description:
      `The preflight copies Access-Control-Request-Headers into Access-Control-Allow-Headers: a made-up header (${CUSTOM_HEADER}) is granted, so any request header, Authorization included, is allowed to every origin the server grants.`,
    severity: 'low',
    category: 'permissive',
    remediation:
      'Answer preflights with the fixed list of request headers the API reads (e.g. Access-Control-Allow-Headers: Content-Type, Authorization), never with the requested ones.',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-allow-headers', 'https://fetch.spec.whatwg.org/#cors-preflight-fetch'],
    cwe: ['CWE-942'],
    precision: 'high',
  },
  requires: [PREFLIGHT_UNTRUSTED, PREFLIGHT_TRUSTED],
  messages: {
    reflected: (d: { origin: string; header: string; verdict: string; reason: string }) =>
      `The preflight from ${d.origin} asked for request header ${d.header} and Access-Control-Allow-Headers granted it: the server echoes any header, so browsers let the origins it grants send Authorization and any custom header (browser verdict: ${d.verdict}). List the headers the API reads instead.`,
  },
  check(obs) {
    const echoes = preflightViews(obs).filter((view) => {
      const asked = (requestHeader(view.probe, 'access-control-request-headers') ?? '').split(',');
      return asked.includes(CUSTOM_HEADER) && view.allowHeaders.some((name) => name.toLowerCase() === CUSTOM_HEADER);
    });
    if (echoes.length === 0) return undefined;
    // Worse when the preflight also passes for an origin the site does not trust.
    const echo = pickEcho(obs, echoes);
    return {
      messageId: 'reflected',
      data: { ...echo.data, header: CUSTOM_HEADER },
      evidence: echo.evidence,
      ...(echo.untrusted ? { severity: 'medium' as const } : {}),
    };
  },
});
