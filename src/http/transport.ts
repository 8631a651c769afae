import type { Exchange } from '../model/exchange.js';
import type { ProbeSpec } from '../model/probe.js';

/** Sends probes. Implementations never throw for a failed probe: the error goes into the Exchange. */
export interface Transport {
  send(spec: ProbeSpec): Promise<Exchange>;
  close(): Promise<void>;
}
