import { isSafelistedMethod } from '../cors/preflight.js';
import type { ExpectedPolicy } from '../model/expected-policy.js';
import type { CorsView } from '../model/observation.js';
import { requestHeader } from '../model/probe.js';
import { defineRule, type RuleHit } from '../model/rule.js';
import { evidenceOf, groupBy } from './shared/helpers.js';
import { grants, methodVerdictOf, preflightAnswered } from './shared/preflight-helpers.js';

const list = (items: readonly string[]): string => (items.length > 0 ? items.join(', ') : 'none');
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

const messages = {
  originNotAllowed: (d: { origin: string }) => `Origin ${d.origin} is granted, but the expected policy does not list it.`,
  originRefused: (d: { origin: string }) => `Origin ${d.origin} is listed in the expected policy, but the server does not grant it.`,
  credentialsDiffer: (d: { origin: string; expected: string; actual: string }) =>
    `Credentials for ${d.origin}: the expected policy says ${d.expected}, the server answers ${d.actual}.`,
  methodsMissing: (d: { methods: string }) => `The preflight does not allow ${d.methods}, which the expected policy lists.`,
  methodsExtra: (d: { methods: string }) => `The preflight allows ${d.methods}, which the expected policy does not list.`,
  headersMissing: (d: { headers: string }) => `The preflight does not allow the request headers ${d.headers}, which the expected policy lists.`,
  headersExtra: (d: { headers: string }) => `The preflight allows the request headers ${d.headers}, which the expected policy does not list.`,
  exposedDiffer: (d: { expected: string; actual: string }) => `Access-Control-Expose-Headers is ${d.actual}; the expected policy says ${d.expected}.`,
  maxAgeDiffer: (d: { expected: string; actual: string }) => `Access-Control-Max-Age is ${d.actual}; the expected policy says ${d.expected}.`,
};

type Hit = RuleHit<typeof messages>;

export default defineRule({
  id: 'policy-drift',
  meta: {
    title: 'Deployed CORS behaviour differs from the expected policy',
    description:
      'The config file states the CORS policy this target should have (allowed origins, credentials, methods, headers, exposed headers, max-age); the server answers differently.',
    severity: 'medium',
    category: 'inconsistent',
    remediation: 'Change the server to match the expected policy, or update the policy in the config file if the change was intended.',
    references: ['https://fetch.spec.whatwg.org/#http-cors-protocol'],
    cwe: ['CWE-942'],
    precision: 'very-high',
  },
  // Only this family is planned from the expected policy; without one the rule is not applicable.
  requires: ['expected-policy'],
  messages,
  check(obs) {
    const expected = obs.site.expected;
    if (!expected) return undefined;
    const hits: Hit[] = [];
    const simple = obs.views.filter((view) => view.probeId.startsWith('simple:') && view.requestOrigin !== null);
    const grantsOwnOrigin = (view: CorsView) => grants(view, view.requestOrigin!);
    const listed = expected.allowedOrigins;
    if (listed) {
      if (!listed.includes('*')) {
        // The target's own origin is same-origin for a browser: granting it changes nothing.
        const unlisted = simple.filter((view) => grantsOwnOrigin(view) && view.requestOrigin !== obs.site.origin && !listed.includes(view.requestOrigin!));
        for (const [origin, views] of groupBy(unlisted, (view) => view.requestOrigin!)) {
          hits.push({ messageId: 'originNotAllowed', data: { origin }, evidence: evidenceOf(views), severity: views.some((v) => v.allowCredentials) ? 'high' : 'medium' });
        }
      }
      for (const origin of listed.filter((item) => item !== '*')) {
        const views = simple.filter((view) => view.requestOrigin === origin);
        if (views.length > 0 && !views.some(grantsOwnOrigin)) hits.push({ messageId: 'originRefused', data: { origin }, evidence: evidenceOf(views) });
      }
    }
    const granted = simple.find((view) => grantsOwnOrigin(view) && (listed ?? []).includes(view.requestOrigin!));
    if (granted && expected.credentials !== undefined && granted.allowCredentials !== expected.credentials) {
      hits.push({
        messageId: 'credentialsDiffer',
        data: { origin: granted.requestOrigin!, expected: expected.credentials ? 'true' : 'not allowed', actual: granted.allowCredentials ? 'true' : 'not allowed' },
        evidence: [granted.probeId],
      });
    }
    if (granted && expected.exposedHeaders) {
      const actual = granted.exposeHeaders.map((h) => h.toLowerCase());
      const wanted = expected.exposedHeaders.map((h) => h.toLowerCase());
      if (!sameSet(actual, wanted)) hits.push({ messageId: 'exposedDiffer', data: { expected: list(wanted), actual: list(actual) }, evidence: [granted.probeId], severity: 'low' });
    }
    hits.push(...preflightDrift(obs.family('expected-policy').filter((view) => view.probeId.startsWith('preflight:')), expected));
    return hits;
  },
});

function preflightDrift(preflights: readonly CorsView[], expected: ExpectedPolicy): Hit[] {
  if (preflights.length === 0) return [];
  const hits: Hit[] = [];
  const evidence = evidenceOf(preflights);
  // What a preflight grants counts only when it passes its status and CORS check (Fetch "CORS-preflight fetch").
  const passes = (view: CorsView) => preflightAnswered(view, 'omit');
  if (expected.methods) {
    // The method alone decides: a missing header is reported as such, not as a missing method.
    const missing = preflights.filter((view) => !methodVerdictOf(view, 'omit').allowed).map((view) => requestHeader(view.probe, 'Access-Control-Request-Method') ?? '');
    if (missing.length > 0) hits.push({ messageId: 'methodsMissing', data: { methods: list(missing) }, evidence });
    const allowed = [...new Set(preflights.filter(passes).flatMap((view) => view.allowMethods.map((m) => (m === '*' ? m : m.toUpperCase()))))];
    const extra = allowed.filter((method) => !expected.methods!.includes(method) && !isSafelistedMethod(method));
    if (extra.length > 0) hits.push({ messageId: 'methodsExtra', data: { methods: list(extra) }, evidence, severity: 'low' });
  }
  if (expected.headers) {
    const wanted = expected.headers.map((h) => h.toLowerCase());
    const answered = preflights.filter(passes);
    const allowed = [...new Set(answered.flatMap((view) => view.allowHeaders.map((h) => h.toLowerCase())))];
    const missing = answered.length === 0 ? wanted : wanted.filter((header) => !allowed.includes(header) && !allowed.includes('*'));
    if (missing.length > 0) hits.push({ messageId: 'headersMissing', data: { headers: list(missing) }, evidence });
    const extra = allowed.filter((header) => !wanted.includes(header));
    if (extra.length > 0) hits.push({ messageId: 'headersExtra', data: { headers: list(extra) }, evidence, severity: 'low' });
  }
  if (expected.maxAge !== undefined) {
    const actual = preflights[0]!.maxAge;
    if (actual !== expected.maxAge) {
      hits.push({ messageId: 'maxAgeDiffer', data: { expected: String(expected.maxAge), actual: actual === null ? 'absent' : String(actual) }, evidence: [preflights[0]!.probeId], severity: 'low' });
    }
  }
  return hits;
}
