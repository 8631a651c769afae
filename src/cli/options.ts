import { readFile } from 'node:fs/promises';
import { isSerializedOrigin, originOf } from '../cors/origin.js';
import { UsageError } from '../model/errors.js';
import type { FailOn } from '../model/severity.js';
import { parseResolve, type ResolveEntry } from '../http/resolve.js';
import type { Format } from '../report/index.js';
import type { CliIO } from './io.js';
import { dedupeTargets, normaliseTarget, parseTargetList } from './targets.js';

/** Raw `scan` options as commander parses them. */
export interface RawScanOptions {
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
  poc?: string;
}

/** Validated settings of one scan run. */
export interface ScanSettings {
  targets: string[];
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
  /** Directory for proof-of-concept pages (`--poc`). */
  poc?: string;
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

async function readTargetsFile(path: string, io: CliIO): Promise<string[]> {
  let text: string;
  try {
    text = path === '-' ? await io.readStdin() : await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--targets ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseTargetList(text, path === '-' ? 'stdin' : path);
}

/** Validates raw options into settings; every problem is a UsageError. */
export async function resolveScanSettings(urls: readonly string[], raw: RawScanOptions, io: CliIO): Promise<ScanSettings> {
  const fromFiles = [];
  for (const file of raw.targets ?? []) fromFiles.push(...(await readTargetsFile(file, io)));
  const targets = dedupeTargets([...urls.map((url) => normaliseTarget(url)), ...fromFiles]);
  if (targets.length === 0) {
    throw new UsageError(raw.targets?.length ? 'the targets file lists no URL' : 'no target: pass a URL or --targets FILE');
  }
  return {
    targets,
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
    ...(raw.poc ? { poc: raw.poc } : {}),
  };
}
