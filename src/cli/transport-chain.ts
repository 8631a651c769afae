import type { RedactionPolicy } from '../engine/redaction.js';
import type { Transport } from '../http/transport.js';
import type { ScanSettings } from './options.js';
import { TOOL, USER_AGENT } from './version.js';

/**
 * The one place the transport chain is composed, innermost first: the network (or a
 * recording), the per-host rate limit, retries of failed connections (each retry is rate
 * limited too), redirect following, the recorder, and the stop switch for SIGINT/SIGTERM.
 * Each layer is loaded only when the run uses it. `redaction` is the run's one policy: it
 * hides secrets in replayed URLs and in what the recorder writes.
 */
export async function buildTransportChain(settings: ScanSettings, userHeaders: readonly string[], signal: AbortSignal, redaction: RedactionPolicy): Promise<Transport> {
  const { scale } = settings;
  let transport: Transport;
  if (scale.replay) {
    // A recording already holds each exchange with its redirect hops.
    const { ReplayTransport } = await import('../http/replay-transport.js');
    transport = await ReplayTransport.fromFile(scale.replay, (url) => redaction.text(url));
  } else {
    // undici is the heaviest import (~60 ms); --help and --version never pay for it.
    const { UndiciTransport } = await import('../http/undici-transport.js');
    transport = new UndiciTransport({
      timeoutMs: settings.timeoutMs,
      perHostConnections: settings.perHost,
      maxPerHostConnections: settings.maxPerHost,
      insecure: settings.insecure,
      resolve: settings.resolve,
      userAgent: USER_AGENT,
    });
    if (scale.rateLimit !== undefined) {
      const { RateLimitTransport } = await import('../http/rate-limit-transport.js');
      transport = new RateLimitTransport(transport, scale.rateLimit);
    }
    if (scale.retries > 0) {
      const { RetryTransport } = await import('../http/retry-transport.js');
      transport = new RetryTransport(transport, { retries: scale.retries });
    }
    // Redirects are followed hop by hop and recorded (browsers CORS-check every hop);
    // the user's headers are never carried to another origin.
    const { RedirectTransport } = await import('../http/redirect-transport.js');
    transport = new RedirectTransport(transport, { userHeaders });
  }
  if (scale.record) {
    const { RecordTransport } = await import('../http/record-transport.js');
    transport = new RecordTransport(transport, { path: scale.record, tool: TOOL, sanitise: (exchange) => redaction.exchange(exchange) });
  }
  const { StopTransport } = await import('../http/stop-transport.js');
  return new StopTransport(transport, signal);
}
