import { defineRule } from '../model/rule.js';
import type { SiteInfo } from '../model/observation.js';
import { classify, coverageReason, impact, trustHit, type ClassSpec, type TrustData } from './shared/origin-trust.js';

// Learned trust does not exempt: a static "http://localhost:3000" allowlist entry is the defect itself.
const spec: ClassSpec = { family: 'localhost-origin', exempt: 'declared' };

/** A target that is itself on loopback or a private network: trusting its neighbours is expected there. */
function isLocalTarget(site: SiteInfo): boolean {
  const host = site.host.replace(/^\[|\]$/g, '');
  if (site.hostKind === 'domain') return host === 'localhost' || host.endsWith('.localhost');
  if (site.hostKind === 'ipv6') return host === '::1' || /^f[cd]/i.test(host) || /^fe80:/i.test(host);
  return /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/.test(host);
}

export default defineRule({
  id: 'localhost-origin',
  meta: {
    title: 'Loopback or private-network origins are trusted',
    description:
      'The server grants http://localhost, http://127.0.0.1, http://[::1] or private addresses. Any local process that serves a page there (a dev server, malware, a compromised tool) or a device on the visitor\'s LAN reads the API with the visitor\'s session. Usually a development allowlist that reached production.',
    severity: 'medium',
    category: 'permissive',
    remediation: 'Keep localhost and private origins out of production allowlists; enable them only in development builds or behind a flag.',
    references: ['https://fetch.spec.whatwg.org/#http-access-control-allow-origin', 'https://wicg.github.io/local-network-access/'],
    cwe: ['CWE-942', 'CWE-346'],
    precision: 'very-high',
  },
  requires: ['arbitrary-origin', 'localhost-origin'],
  messages: {
    local: (d: TrustData & { origins: string }) =>
      `${d.origin} is granted ${impact(d, 'a page served by any local process or LAN device')} (granted: ${d.origins}).`,
  },
  appliesTo: (site) => (isLocalTarget(site) ? `the target ${site.host} is itself on loopback or a private network` : true),
  coveredBy: (obs) => coverageReason(obs, spec),
  check(obs) {
    const { open } = classify(obs, spec);
    if (open.length === 0) return undefined;
    return trustHit('local', open, 'medium', { origins: open.map((view) => view.requestOrigin!).join(' ') });
  },
});
