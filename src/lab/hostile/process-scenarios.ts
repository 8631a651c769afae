import type { ScanReport } from '../../model/report.js';
import { runGuarded, type JudgeOptions, type ScenarioResult } from './run.js';
import * as hostile from './servers.js';

/**
 * Hostile-lab scenarios that need a corscan process of their own: a run that must refuse
 * to start (item 1), or one that is sent a signal (item 8). They cannot share the one run
 * every server scenario is scanned in.
 */
export interface ProcessScenario {
  name: string;
  what: string;
  run(options: JudgeOptions): Promise<ScenarioResult>;
}

/** Seconds from SIGINT to a written partial report: the 2 s grace for requests in flight, then the report (README "Interrupting a scan"). */
export const SIGNAL_BOUND_SECONDS = 5;

const crashed = (stderr: string): string[] => (/\n\s+at /.test(stderr) || /internal error/.test(stderr) ? [`crashed: ${stderr.slice(0, 200)}`] : []);

/** Item 1: a `--header` undici would refuse is a usage error before any request: exit 2, one line, the server never reached. */
function refusedHeader(name: string, what: string, header: string): ProcessScenario {
  return {
    name,
    what,
    async run({ timeoutSeconds, slackSeconds = 0 }) {
      const server = await hostile.recordingServer();
      try {
        const run = await runGuarded(['scan', `http://127.0.0.1:${server.port}/api/`, '--header', header, '--timeout', String(timeoutSeconds)], { hardLimitSeconds: 30 + slackSeconds });
        const lines = run.stderr.trim().split('\n');
        const problems = [
          ...(run.killed ? [`hung: killed after ${30 + slackSeconds} s`] : []),
          ...(run.code === 2 ? [] : [`exit ${run.code}, expected 2`]),
          ...(lines.length === 1 && /--header/.test(lines[0]!) ? [] : [`stderr is not one line naming --header: ${run.stderr.slice(0, 200)}`]),
          ...(server.connections() === 0 ? [] : [`${server.connections()} connections reached the server`]),
          ...(run.stdout === '' ? [] : ['a report was written']),
          ...crashed(run.stderr),
        ];
        return { scenario: name, outcome: `exit ${run.code}`, seconds: run.seconds, peakRssMb: run.peakRssMb, exitCode: run.code, problems };
      } finally {
        await server.close();
      }
    },
  };
}

/** Item 8: SIGINT while every target is stalled; the partial report comes within SIGNAL_BOUND_SECONDS, exit 2. */
const sigintStalled: ProcessScenario = {
  name: 'sigint-stalled-targets',
  what: '20 targets that never answer, --timeout 60, then SIGINT',
  async run({ slackSeconds = 0 }) {
    const server = await hostile.stalledPathBesideHealthy();
    try {
      const targets = Array.from({ length: 20 }, (_, index) => `http://127.0.0.1:${server.port}/slow/${index}/`);
      let signalledAt = 0;
      // Every target in flight at once (a target never started is not in an interrupted report).
      const run = await runGuarded(['scan', ...targets, '--format', 'json', '--timeout', '60', '--concurrency', String(targets.length)], {
        hardLimitSeconds: 30 + slackSeconds,
        onStart: (child) => {
          // Signalled once requests are in flight (bounded wait: 10 s).
          const started = Date.now();
          const poll = setInterval(() => {
            if (server.connections() > 0 || Date.now() - started > 10_000) {
              clearInterval(poll);
              signalledAt = performance.now();
              child.kill('SIGINT');
            }
          }, 50);
          child.on('close', () => clearInterval(poll));
        },
      });
      const afterSignal = signalledAt ? (performance.now() - signalledAt) / 1000 : Number.NaN;
      let report: ScanReport | undefined;
      try {
        report = JSON.parse(run.stdout) as ScanReport;
      } catch {
        report = undefined;
      }
      const problems = [
        ...(run.killed ? [`hung: killed after ${30 + slackSeconds} s`] : []),
        ...(signalledAt ? [] : ['never signalled']),
        ...(afterSignal <= SIGNAL_BOUND_SECONDS + slackSeconds ? [] : [`report ${afterSignal.toFixed(1)} s after SIGINT, bound ${SIGNAL_BOUND_SECONDS + slackSeconds} s`]),
        ...(run.code === 2 ? [] : [`exit ${run.code}, expected 2`]),
        ...(report?.interrupted === true ? [] : ['no partial report marked interrupted']),
        ...(report && report.targets.length === targets.length ? [] : [`${report?.targets.length ?? 0} of ${targets.length} targets in the report`]),
        ...crashed(run.stderr),
      ];
      return { scenario: this.name, outcome: `exit ${run.code}, ${afterSignal.toFixed(1)} s after SIGINT`, seconds: run.seconds, peakRssMb: run.peakRssMb, exitCode: run.code, problems };
    } finally {
      await server.close();
    }
  },
};

export const PROCESS_SCENARIOS: ProcessScenario[] = [
  refusedHeader('refused-header-non-latin1', 'a --header value beyond Latin-1 (€)', 'X-Note: 5 €'),
  refusedHeader('refused-header-framing', 'a --header that sets framing (Transfer-Encoding)', 'Transfer-Encoding: chunked'),
  sigintStalled,
];
