import type { ScanReport } from '../model/report.js';

/** Display settings passed to reporters; reporters never look at the terminal themselves. */
export interface ReporterOptions {
  color: boolean;
  columns?: number;
  /** Print this framework's fixed CORS configuration under each target with findings (`--framework`). */
  framework?: string;
}

export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
