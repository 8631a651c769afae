import type { RedactionPolicy } from '../../engine/redaction.js';
import type { Recording } from '../../http/recording.js';
import type { Transport } from '../../http/transport.js';
import type { CliIO } from '../io.js';
import type { Interrupt } from './interrupt.js';
import type { ScanSettings } from '../options/options.js';
import { TOOL, USER_AGENT } from './version.js';

/**
 * The one place the transport chain is composed, innermost first: the network (or a
 * recording), the per-host rate limit, retries of failed connections (each retry is rate
 * limited too), redirect following, the recorder, and the stop switch for SIGINT/SIGTERM.
 * Each layer is loaded only when the run uses it. `redaction` is the run's one policy: it
 * hides secrets in replayed URLs and in what the recorder writes. `interrupt` reaches the
 * network (in-flight requests are cut at its cutoff), the rate limiter (no wait outlives
 * the stop) and the stop switch (nothing new leaves after the first signal).
 */
export async function buildTransportChain(
  settings: ScanSettings,
  userHeaders: readonly string[],
  interrupt: Interrupt,
  redaction: RedactionPolicy,
  network?: CliIO['network'],
): Promise<Transport> {
  const { scale } = settings;
  let transport: Transport;
  if (scale.replay) {
    // A recording already holds each exchange with its redirect hops.
    // Validated against the recording schema before any request, like every input file.
    const [{ ReplayTransport }, { readJsonInput }] = await Promise.all([import('../../http/replay-transport.js'), import('../inputs/input-file.js')]);
    const recording = await readJsonInput<Recording>(scale.replay, '--replay', 'recording');
    transport = new ReplayTransport(recording, scale.replay, (url) => redaction.text(url));
  } else {
    // undici is the heaviest import (~60 ms); --help and --version never pay for it.
    const { UndiciTransport } = await import('../../http/undici-transport.js');
    transport = new UndiciTransport({
      timeoutMs: settings.timeoutMs,
      perHostConnections: settings.perHost,
      maxPerHostConnections: settings.maxPerHost,
      insecure: settings.insecure,
      resolve: settings.resolve,
      userAgent: USER_AGENT,
      stop: interrupt.stop,
      cutoff: interrupt.cutoff,
    });
    if (network) transport = network(transport, settings.resolve);
    if (scale.rateLimit !== undefined) {
      const { RateLimitTransport } = await import('../../http/rate-limit-transport.js');
      transport = new RateLimitTransport(transport, scale.rateLimit, interrupt.stop);
    }
    if (scale.retries > 0) {
      const { RetryTransport } = await import('../../http/retry-transport.js');
      transport = new RetryTransport(transport, { retries: scale.retries });
    }
    // Redirects are followed hop by hop and recorded (browsers CORS-check every hop);
    // the user's headers are never carried to another origin.
    const { RedirectTransport } = await import('../../http/redirect-transport.js');
    transport = new RedirectTransport(transport, { userHeaders });
  }
  if (scale.record) {
    // Written like every report file: atomically for a regular file, in place for a device or FIFO.
    const [{ RecordTransport }, { openOutputFile }] = await Promise.all([import('../../http/record-transport.js'), import('../output/output-file.js')]);
    transport = new RecordTransport(transport, { sink: await openOutputFile(scale.record), tool: TOOL, sanitise: (exchange) => redaction.exchange(exchange) });
  }
  const { StopTransport } = await import('../../http/stop-transport.js');
  return new StopTransport(transport, interrupt.stop);
}
