import { defineRule } from '../model/rule.js';
import { PRIVATE_NETWORK } from '../probe/preflight-families.js';
import { evidenceOf } from './shared/helpers.js';
import { isPrivateNetworkPreflight, isTrustedOrigin, verdictData, verdictOf } from './shared/preflight-helpers.js';

export default defineRule({
  id: 'private-network-permissive',
  meta: {
    title: 'Private network access granted to any origin',
    description:
      'Chrome\'s Private Network Access sends Access-Control-Request-Private-Network: true before a public page may reach a private-network or local service; Access-Control-Allow-Private-Network: true opts in. Granting it to an unrelated origin lets any public web page drive the service from a visitor\'s browser. Chrome has put PNA on hold in favour of Local Network Access (a user permission prompt), so this header protects less and less; the grant still shows the service trusts every site.',
    severity: 'low',
    category: 'permissive',
    remediation:
      'Grant Access-Control-Allow-Private-Network: true only together with an exact allowlisted origin, never to every origin; better, require authentication on the private service itself.',
    references: ['https://wicg.github.io/private-network-access/', 'https://github.com/explainers-by-googlers/local-network-access'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'high',
  },
  requires: [PRIVATE_NETWORK],
  messages: {
    granted: (d: { origin: string; verdict: string; reason: string }) =>
      `The private-network preflight from ${d.origin} (an unrelated public site) is granted with Access-Control-Allow-Private-Network: true (${d.reason}): under Chrome's Private Network Access any public page may reach this service. Chrome put PNA on hold in favour of Local Network Access, but the grant still trusts every site: allow it only for your own origins.`,
  },
  check(obs) {
    const granted = obs.views.filter(
      (view) => isPrivateNetworkPreflight(view) && view.requestOrigin !== null && !isTrustedOrigin(obs, view.requestOrigin) && verdictOf(view, 'omit').allowed,
    );
    if (granted.length === 0) return undefined;
    return {
      messageId: 'granted',
      data: { origin: granted[0]!.requestOrigin!, ...verdictData(verdictOf(granted[0]!, 'omit')) },
      evidence: evidenceOf(granted),
    };
  },
});
