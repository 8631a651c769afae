import { CORS_RESPONSE_HEADERS } from '../cors/headers.js';
import type { Exchange, ProbeResponse } from '../model/exchange.js';
import type { Flap } from '../model/report.js';
import { isSafeProbe } from '../probe/plan.js';

/**
 * Flapping servers (issue 14 item 20): a load balancer with two differently configured
 * backends, or a cache without `Vary: Origin`, answers the same request differently. Every
 * other probe is sent once, so one answer stands for the server's policy; here a small fixed
 * sample is sent again to see whether it does.
 *
 * Two repeats of one probe, sent together after every other probe has its answer: a server
 * alternating per request then shows both answers between the two repeats (nothing else of
 * the target is in flight) whatever came before, and a random one shows itself in three
 * answers three times out of four (50/50 backends). The same request, the same
 * cookies and credentials, so Vary: Cookie or a method-dependent policy cannot explain a
 * difference.
 */
export const FLAP_REPEATS = 2;

/** The probe sent again: the arbitrary-origin GET most verdicts hang on. */
export const FLAP_PROBE_ID = 'simple:arbitrary-origin';

/** The response fields a CORS verdict reads, and Vary. */
const COMPARED = [...CORS_RESPONSE_HEADERS, 'vary'];

/** Temporary refusals (RFC 6585 §4, RFC 9110 §15.6.4): a rate limit is not a change of policy. */
const TEMPORARY = [429, 503];

/**
 * The probe to send again: the answered arbitrary-origin GET, else (rules that plan none)
 * the first answered probe with a safe method. None without an answer to compare with.
 */
export function flapSample(exchanges: readonly Exchange[]): Exchange | undefined {
  const answered = exchanges.filter((exchange) => exchange.response && !exchange.notSent && isSafeProbe(exchange.probe));
  return answered.find((exchange) => exchange.probe.id === FLAP_PROBE_ID) ?? answered[0];
}

/** A field of an answer as one line: repeated header lines joined in order, `(none)` when absent. */
function fieldOf(response: ProbeResponse, field: string): string {
  const lines = response.headers.filter(([name]) => name.toLowerCase() === field).map(([, value]) => value);
  return lines.length > 0 ? lines.join(', ') : '(none)';
}

/**
 * The fields that differ between answers to the same request, each with its value in every
 * answer (the first is the one the rules judged). Failed sends and temporary refusals are
 * left out: they say nothing about the policy.
 */
export function compareAnswers(probeId: string, exchanges: readonly Exchange[]): Flap[] {
  const answers = exchanges.flatMap((exchange) => (exchange.response && !TEMPORARY.includes(exchange.response.status) ? [exchange.response] : []));
  if (answers.length < 2) return [];
  const flaps: Flap[] = [];
  const statuses = answers.map((answer) => String(answer.status));
  if (new Set(statuses).size > 1) flaps.push({ probeId, field: 'status', values: statuses });
  for (const field of COMPARED) {
    const values = answers.map((answer) => fieldOf(answer, field));
    if (new Set(values).size > 1) flaps.push({ probeId, field, values });
  }
  return flaps;
}
