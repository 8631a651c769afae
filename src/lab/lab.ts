import { LAB_HOST, type LabPolicy } from './policy.js';
import { startLabServer, type LabServer } from './server.js';
import { LAB_TLS } from './tls.js';

/** The lab's http server and, when a policy needs it, its https server. */
export interface Lab {
  http: LabServer;
  https: LabServer | null;
  /** `<scheme>://api.victim.test:<port>/<policy>/` */
  targetOf(policy: LabPolicy): string;
  /** `--resolve` entries mapping the lab host name to loopback, one per server. */
  resolve: string[];
  /** Requests answered so far, per policy name, over both servers. */
  requestCount(policy: string): number;
  close(): Promise<void>;
}

/**
 * Starts the lab on 127.0.0.1 with OS-chosen ports: http policies on one server,
 * https policies (the insecure-scheme rule only applies to https targets) on a
 * TLS server with the lab's self-signed certificate.
 */
export async function startLab(policies: readonly LabPolicy[]): Promise<Lab> {
  const tlsPolicies = policies.filter((policy) => policy.scheme === 'https');
  const http = await startLabServer(policies.filter((policy) => policy.scheme !== 'https'));
  const https = tlsPolicies.length > 0 ? await startLabServer(tlsPolicies, { tls: LAB_TLS }) : null;
  const servers = https ? [http, https] : [http];
  return {
    http,
    https,
    targetOf: (policy) =>
      policy.scheme === 'https'
        ? `https://${LAB_HOST}:${https!.port}/${policy.name}${policy.targetPath ?? '/'}`
        : `http://${LAB_HOST}:${http.port}/${policy.name}${policy.targetPath ?? '/'}`,
    resolve: servers.map((server) => `${LAB_HOST}:${server.port}:127.0.0.1`),
    requestCount: (name) => servers.reduce((sum, server) => sum + (server.requestCounts.get(name) ?? 0), 0),
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
