import type { TargetResult } from '../../model/report.js';
import { severityRank } from '../../model/severity.js';
import { findRule } from '../../rules/index.js';
import { FLAP_ADVICE, flapSummary } from '../../report/flapping.js';
import { capText } from '../../report/server-text.js';
import { terminalSafeText } from '../../report/terminal-safe.js';

/** Most severe first, so the rules that can gate the run are named even when the list is cut. */
const bySeverity = (a: string, b: string) => severityRank(findRule(b)?.meta.severity ?? 'info') - severityRank(findRule(a)?.meta.severity ?? 'info');

/**
 * The stderr note for a target that was not fully checked, or undefined for a
 * clean one. A partial target gets one too: most of its probes may have failed
 * (an unsolicited 100 Continue, a 10 MB header), so "no finding" on it means less
 * than on a scanned target, and a CI log must say so even when the gate passes.
 */
export function uncheckedNote(result: TargetResult): string | undefined {
  const error = result.error ? `${result.error.code} ${result.error.message}` : 'no answer';
  if (result.status === 'unreachable' || result.status === 'skipped') return `${result.url} could not be checked: ${error}`;
  if (result.status === 'partial') {
    const blind = result.outcomes.filter((outcome) => outcome.status === 'error').map((outcome) => outcome.ruleId).sort(bySeverity);
    const rules = blind.length > 0 ? `; not judged: ${blind.length > 5 ? `${blind.slice(0, 5).join(', ')} and ${blind.length - 5} more rules` : blind.join(', ')}` : '';
    // Probes never sent (a stop, too many open files, an open breaker) are not failures of the target: counted apart.
    const notSent = result.notSent ? `, ${result.notSent} not sent` : '';
    return `${result.url} was checked only in part: ${result.failedRequests} of ${result.requests} probes failed${notSent} (${error})${rules}`;
  }
  return undefined;
}

/**
 * The stderr warning for a flapping server (the same request answered differently), or
 * undefined. Its header values come from the server: capped and with controls made visible,
 * as in every human format.
 */
export function flappingNote(result: Pick<TargetResult, 'url' | 'flapping'>): string | undefined {
  if (!result.flapping) return undefined;
  const flaps = result.flapping.map((flap) => ({ ...flap, values: flap.values.map((value) => terminalSafeText(capText(value))) }));
  return `${result.url} answered the same request differently (flapping): ${flapSummary(flaps)}; ${FLAP_ADVICE}`;
}

/** What the exit code needs of a target: its status and, to keep a long run's memory flat, only its `error` outcomes. */
export function gateView(result: TargetResult): GateView {
  const errors = result.outcomes.filter((outcome) => outcome.status === 'error');
  return errors.length > 0 ? { status: result.status, outcomes: errors } : STATUS_ONLY[result.status];
}

type GateView = Pick<TargetResult, 'status'> & { outcomes?: TargetResult['outcomes'] };

/** One shared view per status: a run keeps a view per target, and most carry nothing else. */
const STATUS_ONLY: Readonly<Record<TargetResult['status'], Readonly<GateView>>> = Object.freeze({
  scanned: Object.freeze({ status: 'scanned' }),
  partial: Object.freeze({ status: 'partial' }),
  unreachable: Object.freeze({ status: 'unreachable' }),
  skipped: Object.freeze({ status: 'skipped' }),
});
