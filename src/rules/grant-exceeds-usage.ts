import { corsCheck } from '../cors/check.js';
import { normalizeMethod, SAFELISTED_METHODS } from '../cors/preflight.js';
import { usagePolicyCommand } from '../model/front-end-usage.js';
import type { CorsView } from '../model/observation.js';
import { defineRule } from '../model/rule.js';
import { FRONT_END_USAGE } from '../probe/families-usage.js';
import { evidenceOf } from './shared/helpers.js';
import { isPreflight, verdictOf } from './shared/preflight-helpers.js';

/** Most origins a message names; the evidence and the JSON data keep the count. */
const SHOWN_ORIGINS = 5;

/** Methods a grant never widens: safelisted ones need no preflight, and OPTIONS is the preflight itself. */
const NO_GRANT_NEEDED = [...SAFELISTED_METHODS, 'OPTIONS'];

/** True when the browser lets a page on the view's origin through (without credentials). */
function granted(view: CorsView): boolean {
  if (view.requestOrigin === null) return false;
  return isPreflight(view) ? verdictOf(view, 'omit').allowed : corsCheck(view, view.requestOrigin, 'omit').allowed;
}

export default defineRule({
  id: 'grant-exceeds-usage',
  meta: {
    title: 'The CORS grant is wider than what the front end uses',
    description:
      "Judged against a HAR of the site's own front end: the server allows methods or request headers the front end never sends (or `*`), credentials it never uses, or origins other than the pages that call it. Nothing breaks, but every extra grant is attack surface a smaller policy would not have.",
    severity: 'info',
    category: 'permissive',
    remediation:
      'Allow exactly what the front end uses: its page origins, its methods and request headers, and credentials only if it sends them (the finding names the `corscan policy` command that prints that configuration).',
    references: ['https://fetch.spec.whatwg.org/#http-cors-protocol', 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/11-Client-side_Testing/07-Testing_Cross_Origin_Resource_Sharing'],
    cwe: ['CWE-942'],
    precision: 'high',
  },
  // Only targets from a HAR get this family's probes; the others are not-applicable. The grant
  // is judged on every answer, though (the attacker origin, the other preflights), as policy-drift does.
  requires: [FRONT_END_USAGE],
  messages: {
    wider: (d: { extras: string; policy: string; credentials: string; caveat: string }) =>
      `The grant is wider than what the front end sends (recorded in a HAR): ${d.extras}. Tightened policy: ${d.policy}${d.caveat ? ` (${d.caveat})` : ''}.`,
  },
  check(obs) {
    const usage = obs.site.usage;
    if (!usage) return undefined;
    const pages = new Set(usage.pageOrigins);
    const fromPages = obs.views.filter((view) => view.requestOrigin !== null && pages.has(view.requestOrigin) && granted(view));
    const preflights = fromPages.filter(isPreflight);
    const extras: string[] = [];
    const evidence: CorsView[] = [];

    const allowedMethods = [...new Set(preflights.flatMap((view) => view.allowMethods.map((method) => (method === '*' ? method : normalizeMethod(method)))))];
    const methods = allowedMethods.filter((method) => !usage.methods.includes(method) && !NO_GRANT_NEEDED.includes(method));
    if (methods.length > 0) extras.push(`methods ${methods.sort().join(', ')} never sent`);

    const allowedHeaders = [...new Set(preflights.flatMap((view) => view.allowHeaders.map((name) => name.toLowerCase())))];
    // A sanitized HAR dropped every Authorization header: its absence proves nothing.
    const headers = allowedHeaders.filter((name) => !usage.headers.includes(name) && (usage.credentialsRecorded || name !== 'authorization'));
    // With credentials `*` is a header literally named "*"; without, it allows every header. Either way no front end needs it.
    if (headers.length > 0) extras.push(`request headers ${headers.sort().join(', ')} never sent`);
    if (methods.length > 0 || headers.length > 0) evidence.push(...preflights.filter((view) => view.allowMethods.length > 0 || view.allowHeaders.length > 0));

    const credentialed = fromPages.filter((view) => view.allowCredentials);
    if (!usage.credentials && usage.credentialsRecorded && credentialed.length > 0) {
      extras.push('credentials allowed, never used');
      evidence.push(...credentialed);
    }

    // Origins the front end never calls from: the target's own origin is same-origin, never CORS.
    const beyond = obs.views.filter((view) => view.requestOrigin !== null && !pages.has(view.requestOrigin) && view.requestOrigin !== obs.site.origin && granted(view));
    const origins = [...new Set(beyond.map((view) => view.requestOrigin!))].sort();
    if (origins.length > 0) {
      const shown = origins.slice(0, SHOWN_ORIGINS).join(', ');
      extras.push(`origins ${shown}${origins.length > SHOWN_ORIGINS ? ` and ${origins.length - SHOWN_ORIGINS} more` : ''} granted beyond the page origins`);
      evidence.push(...beyond);
    }
    if (extras.length === 0) return undefined;
    return {
      messageId: 'wider',
      data: {
        extras: extras.join('; '),
        policy: usagePolicyCommand(usage),
        credentials: String(usage.credentials),
        caveat: usage.credentialsRecorded ? '' : 'the HAR holds no Cookie or Authorization: add --credentials and Authorization if the front end sends them',
      },
      evidence: evidenceOf([...new Set(evidence)]),
    };
  },
});
