import type { Finding } from '../model/finding.js';
import type { ScanReport } from '../model/report.js';
import { atOrAbove } from '../model/severity.js';
import type { ReporterOptions } from './types.js';

/** Findings a human format lists: not suppressed, and at or above `--min-severity`. */
export function visibleFindings(report: ScanReport, options: Pick<ReporterOptions, 'minSeverity'>): Finding[] {
  return report.findings.filter((finding) => !finding.suppressed && (!options.minSeverity || atOrAbove(finding.severity, options.minSeverity)));
}

/** One line saying what a human format left out, or '' when nothing was. */
export function hiddenNote(report: ScanReport, options: Pick<ReporterOptions, 'minSeverity'>): string {
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  const below = report.findings.filter((finding) => !finding.suppressed).length - visibleFindings(report, options).length;
  const parts = [
    ...(suppressed > 0 ? [`${suppressed} suppressed by the ignore file`] : []),
    ...(below > 0 ? [`${below} below --min-severity ${options.minSeverity}`] : []),
  ];
  return parts.length > 0 ? `not shown: ${parts.join(', ')}` : '';
}
