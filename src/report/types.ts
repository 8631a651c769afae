import type { ScanReport } from '../model/report.js';

/** Display settings passed to reporters; reporters never look at the terminal themselves. */
export interface ReporterOptions {
  color: boolean;
  columns?: number;
}

export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
