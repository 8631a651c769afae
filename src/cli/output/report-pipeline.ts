import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { applyBaseline } from '../../engine/baseline.js';
import { applyIgnores, type IgnoreEntry } from '../../engine/suppress.js';
import { UsageError } from '../../model/errors.js';
import type { ReportOptions, ScanReport } from '../../model/report.js';
import { loadIgnoreFile } from '../inputs/ignore-file.js';
import { loadReport } from '../inputs/load-report.js';
import type { ScanSettings } from '../options/options.js';

/** Files read before the scan, so a bad one fails before any request. */
export interface ReportInputs {
  ignores: IgnoreEntry[];
  baseline?: ScanReport;
  /** `--sarif-location`: the file (relative to the repository root) and its text. */
  sarifLocation?: { uri: string; text: string };
}

/** The SARIF anchor for a report: the file and the line naming each target (targets stream, so this runs after the scan). */
export function sarifAnchor(inputs: ReportInputs, urls: readonly string[]): { uri: string; lines: Record<string, number> } | undefined {
  if (!inputs.sarifLocation) return undefined;
  const lines: Record<string, number> = {};
  for (const url of urls) {
    const line = lineNaming(inputs.sarifLocation.text, url);
    if (line) lines[url] = line;
  }
  return { uri: inputs.sarifLocation.uri, lines };
}

/** 1-based line of the first line naming `url` (with or without its trailing slash). */
export function lineNaming(text: string, url: string): number | undefined {
  const variants = url.endsWith('/') ? [url, url.slice(0, -1)] : [url];
  const lines = text.split(/\r?\n/);
  for (const variant of variants) {
    const index = lines.findIndex((line) => line.includes(variant));
    if (index !== -1) return index + 1;
  }
  return undefined;
}

/** Loads the ignore file, the baseline and the SARIF anchor file. */
export async function prepareReportInputs(settings: ScanSettings, cwd = process.cwd()): Promise<ReportInputs> {
  const inputs: ReportInputs = { ignores: settings.ignoreFile ? await loadIgnoreFile(settings.ignoreFile) : [] };
  if (settings.baseline) inputs.baseline = await loadReport(settings.baseline, '--baseline');
  if (settings.sarifLocation) {
    let text: string;
    try {
      text = await readFile(settings.sarifLocation, 'utf8');
    } catch (error) {
      throw new UsageError(`--sarif-location ${settings.sarifLocation} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // SARIF wants the path relative to the repository root, with forward slashes.
    inputs.sarifLocation = { uri: relative(cwd, settings.sarifLocation).split(sep).join('/'), text };
  }
  return inputs;
}

/** The report's `options`: the engine's, plus the CLI settings that shaped the report. */
export function reportOptions(base: ReportOptions, settings: ScanSettings): ReportOptions {
  return {
    ...base,
    ...(settings.minSeverity ? { minSeverity: settings.minSeverity } : {}),
    ...(settings.failOnNew ? { failOnNew: true } : {}),
    ...(settings.allowUnreachable ? { allowUnreachable: true } : {}),
    ...(settings.ignoreFile ? { ignoreFile: settings.ignoreFile } : {}),
    ...(settings.config ? { config: settings.config } : {}),
  };
}

/** True when the report must be finished as a whole (ignores, baseline) rather than streamed. */
export function needsWholeReport(inputs: ReportInputs): boolean {
  return inputs.ignores.length > 0 || inputs.baseline !== undefined;
}

/** Suppressions, baseline and the CLI's options, applied to a fresh scan. Pure. */
export function finishReport(scanned: ScanReport, settings: ScanSettings, inputs: ReportInputs, today: string): { report: ScanReport; warnings: string[] } {
  const { findings, warnings } = applyIgnores(scanned.findings, inputs.ignores, today);
  let report: ScanReport = { ...scanned, options: reportOptions(scanned.options, settings), findings };
  if (inputs.baseline && settings.baseline) report = applyBaseline(report, inputs.baseline, settings.baseline);
  return { report, warnings };
}
