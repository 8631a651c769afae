import type { ScanReport } from '../model/report.js';
import type { Severity } from '../model/severity.js';

/** Display settings passed to reporters; reporters never look at the terminal themselves. */
export interface ReporterOptions {
  color: boolean;
  columns?: number;
  /** Print this framework's fixed CORS configuration under each target with findings (`--framework`). */
  framework?: string;
  /** Human formats show only findings at or above this severity (`--min-severity`); it never changes the gate. */
  minSeverity?: Severity;
  /** `--verbose`: the table shows each finding's evidence (probe ids, curl commands). */
  verbose?: boolean;
  /** `--sarif-category`: the SARIF run's automationDetails.id; without it the run has none (GitHub's upload then takes the Action's category). */
  sarifCategory?: string;
  /** `--sarif-location`: a repository file to anchor SARIF results to, and the line naming each target. */
  sarifLocation?: { uri: string; lines: Record<string, number> };
}

export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
