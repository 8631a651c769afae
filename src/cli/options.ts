import { isSerializedOrigin, originOf } from '../cors/origin.js';
import { UsageError } from '../model/errors.js';
import type { FailOn } from '../model/severity.js';
import { parseResolve, type ResolveEntry } from '../http/resolve.js';
import type { Format } from '../report/index.js';
import type { CliIO } from './io.js';
import { resolveScaleSettings, type RawScaleOptions, type ScaleSettings } from './scale-options.js';
import { normaliseTarget } from './targets.js';

/** Raw `scan` options as commander parses them. */
export interface RawScanOptions extends RawScaleOptions {
  targets?: string[];
  header: string[];
  trustedOrigin: string[];
  format: Format;
  output?: string;
  failOn: FailOn;
  timeout: number;
  insecure?: boolean;
  resolve: string[];
  concurrency: number;
  perHost: number;
  secretHeader: string[];
  showSecrets?: boolean;
  color?: boolean;
}

/** Validated settings of one scan run. */
export interface ScanSettings {
  /** Positional URLs, normalised; targets files are streamed (see target-source.ts). */
  targets: string[];
  /** `--targets` values, `-` for stdin. */
  targetFiles: string[];
  inputFiles: string[];
  headers: Record<string, string>;
  trustedOrigins: string[];
  format: Format;
  output?: string;
  failOn: FailOn;
  timeoutMs: number;
  insecure: boolean;
  resolve: ResolveEntry[];
  concurrency: number;
  perHost: number;
  secretHeaders: string[];
  showSecrets: boolean;
  color?: boolean;
  /** Many-target settings: limits, recording, sharding, progress (issue 7). */
  scale: ScaleSettings;
}

/** commander collector for repeatable options. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** RFC 9110 token: what a header name may contain. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses `Name: value` header arguments. */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    const name = colon > 0 ? value.slice(0, colon).trim() : '';
    const headerValue = colon > 0 ? value.slice(colon + 1).trim() : '';
    if (!TOKEN.test(name) || /[\r\n\0]/.test(headerValue)) {
      throw new UsageError(`--header "${value}" is not "Name: value" (a header name, a colon, a value on one line)`);
    }
    if (name.toLowerCase() === 'origin') throw new UsageError('--header cannot set Origin: corscan chooses the Origin of every probe');
    headers[name] = headerValue;
  }
  return headers;
}

/** Normalises `--trusted-origin` values to serialized origins. */
export function parseTrustedOrigins(values: readonly string[]): string[] {
  return values.map((value) => {
    const origin = originOf(value.trim());
    if (!origin || !isSerializedOrigin(origin)) {
      throw new UsageError(`--trusted-origin "${value}" is not an http(s) origin (e.g. https://app.example.com)`);
    }
    return origin;
  });
}

/** Positive number parser for commander options. */
export function positiveNumber(name: string, integer: boolean) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0 || (integer && !Number.isInteger(parsed))) {
      throw new UsageError(`${name} must be a positive ${integer ? 'whole ' : ''}number, got "${value}"`);
    }
    return parsed;
  };
}

/** Validates raw options into settings; every problem is a UsageError. */
export async function resolveScanSettings(urls: readonly string[], raw: RawScanOptions, io: CliIO): Promise<ScanSettings> {
  // Targets files are not read here: they are streamed during the scan (target-source.ts).
  const targets = [...new Set(urls.map((url) => normaliseTarget(url)))];
  const scale = await resolveScaleSettings(raw, io);
  if (targets.length === 0 && !raw.targets?.length && scale.openapiTargets.length === 0) {
    throw new UsageError('no target: pass a URL, --targets FILE or --openapi FILE');
  }
  return {
    targets,
    targetFiles: raw.targets ?? [],
    inputFiles: (raw.targets ?? []).filter((file) => file !== '-'),
    headers: parseHeaders(raw.header),
    trustedOrigins: parseTrustedOrigins(raw.trustedOrigin),
    format: raw.format,
    ...(raw.output ? { output: raw.output } : {}),
    failOn: raw.failOn,
    timeoutMs: Math.round(raw.timeout * 1000),
    insecure: Boolean(raw.insecure),
    resolve: raw.resolve.map(parseResolve),
    concurrency: raw.concurrency,
    perHost: raw.perHost,
    secretHeaders: raw.secretHeader.map((name) => name.toLowerCase()),
    showSecrets: Boolean(raw.showSecrets),
    ...(raw.color !== undefined ? { color: raw.color } : {}),
    scale,
  };
}
