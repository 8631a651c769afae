import { isSerializedOrigin, originOf } from '../../cors/origin.js';
import { UsageError } from '../../model/errors.js';
import type { FailOn, Severity } from '../../model/severity.js';
import type { LayeredOptions } from './layer.js';
import type { TargetSpec } from '../../engine/scan.js';
import { hideUrlSecrets } from '../../engine/redaction.js';
import { parseOutputs, type OutputSpec } from './formats.js';
import type { ResolveEntry } from '../../http/resolve.js';
import type { CliIO } from '../io.js';
import { resolveScaleSettings, type ScaleSettings } from './scale-options.js';
import { normaliseTarget } from '../inputs/targets.js';
import type { HarFile } from '../inputs/har-file.js';

/** Validated settings of one scan run. */
export interface ScanSettings {
  /** Positional URLs, normalised; targets files are streamed (see target-source.ts). */
  targets: string[];
  /** `--targets` values, `-` for stdin. */
  targetFiles: string[];
  inputFiles: string[];
  headers: Record<string, string>;
  trustedOrigins: string[];
  /** Per-target settings (config file), by normalised URL. */
  targetSpecs: Map<string, TargetSpec>;
  outputs: OutputSpec[];
  failOn: FailOn;
  minSeverity?: Severity;
  failOnNew: boolean;
  allowUnreachable: boolean;
  config?: string;
  ignoreFile?: string;
  baseline?: string;
  sarifLocation?: string;
  /** `--sarif-category`: the SARIF run's automationDetails.id. */
  sarifCategory?: string;
  timeoutMs: number;
  insecure: boolean;
  /** `--unsafe-methods`: probes may use methods that change state (the bodiless POST), HAR endpoints included. */
  unsafeMethods: boolean;
  resolve: ResolveEntry[];
  concurrency: number;
  /** Requests in flight per host at the start (`--per-host`). */
  perHost: number;
  /** Most requests in flight per host the adaptive limit reaches (`--max-per-host`). */
  maxPerHost: number;
  secretHeaders: string[];
  showSecrets: boolean;
  color?: boolean;
  framework?: string;
  /** Many-target settings: limits, recording, sharding, progress (issue 7). */
  scale: ScaleSettings;
  /** Directory for proof-of-concept pages (`--poc`). */
  poc?: string;
  /** `--har` files as read: their counts are printed, their endpoints are among `targetSpecs`. */
  harFiles: HarFile[];
}

/** commander collector for repeatable options. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** RFC 9110 token: what a header name may contain. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Names a malformed --header argument by its first word only, printable and short, so no value leaks. */
export function describeHeaderArgument(value: string): string {
  const first = /^[^\s:]*/.exec(value)![0].slice(0, 40);
  const shown = JSON.stringify(first);
  return first.length < value.length ? `${shown.slice(0, -1)}…" (value hidden)` : shown;
}

/**
 * Headers a user may not set: they frame the message or the connection (RFC 9110 §7.6.1,
 * §7.2, §8.6, §10.1.1; RFC 9112 §6.1), so undici refuses them and every probe would fail.
 */
const FORBIDDEN_HEADERS = new Set(['connection', 'content-length', 'expect', 'host', 'keep-alive', 'transfer-encoding', 'upgrade']);

/**
 * RFC 9110 §5.5 field-value: visible ASCII, SP, HTAB and obs-text (0x80-0xFF). Anything else
 * (controls, DEL, characters beyond Latin-1 such as €) cannot be sent as one byte each, and
 * undici rejects it at send time.
 */
const FIELD_VALUE = /^[	 -~-ÿ]*$/;

/** Parses `Name: value` header arguments (flags, CORSCAN_HEADER, config files): anything undici would refuse is a usage error here. */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  // No prototype: `--header "__proto__: x"` is a valid token and must not vanish (found by fast-check).
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const value of values) {
    const colon = value.indexOf(':');
    const name = colon > 0 ? value.slice(0, colon).trim() : '';
    const headerValue = colon > 0 ? value.slice(colon + 1).trim() : '';
    if (!TOKEN.test(name) || /[\r\n\0]/.test(headerValue)) {
      // Never echo the value: a mistyped "Authorization Bearer <token>" would print the token.
      throw new UsageError(`--header ${describeHeaderArgument(value)} is not "Name: value" (a header name, a colon, a value on one line)`);
    }
    if (!FIELD_VALUE.test(headerValue)) {
      throw new UsageError(`--header ${name}: the value has a control character or a character outside Latin-1 (RFC 9110 field values are bytes; percent- or base64-encode it)`);
    }
    const lower = name.toLowerCase();
    if (lower === 'origin') throw new UsageError('--header cannot set Origin: corscan chooses the Origin of every probe');
    if (FORBIDDEN_HEADERS.has(lower)) throw new UsageError(`--header cannot set ${name}: it controls the connection or the message framing, which the HTTP client owns`);
    headers[name] = headerValue;
  }
  return headers;
}

/** Normalises `--trusted-origin` values to serialized origins. */
export function parseTrustedOrigins(values: readonly string[]): string[] {
  return values.map((value) => {
    const origin = originOf(value.trim());
    if (!origin || !isSerializedOrigin(origin)) {
      // The value may carry a credential (https://user:token@host): never echo it.
      throw new UsageError(`--trusted-origin "${hideUrlSecrets(value)}" is not an http(s) origin (e.g. https://app.example.com)`);
    }
    return origin;
  });
}

/** Default ceiling of the adaptive per-host limit (README: the trade-off). */
export const DEFAULT_MAX_PER_HOST = 16;

/** `--max-per-host` below `--per-host` contradicts itself; left out, it is 16 or `--per-host` if that is higher. */
function resolveMaxPerHost(perHost: number, maxPerHost: number | undefined): number {
  if (maxPerHost === undefined) return Math.max(perHost, DEFAULT_MAX_PER_HOST);
  if (maxPerHost < perHost) throw new UsageError(`--max-per-host ${maxPerHost} is below --per-host ${perHost}; give both the same value for a fixed cap`);
  return maxPerHost;
}

/** Checks the options together and builds the settings of a run; every problem is a UsageError. */
export async function resolveScanSettings(urls: readonly string[], options: Pick<LayeredOptions, 'values' | 'configTargets'>, io: CliIO): Promise<ScanSettings> {
  const { values } = options;
  // Targets files are not read here: they are streamed during the scan (target-source.ts).
  const { harFiles, specs } = await withHarTargets(values, options.configTargets);
  const targets = [...new Set([...urls.map((url) => normaliseTarget(url)), ...specs.map((spec) => spec.url)])];
  if (values.failOnNew && !values.baseline) throw new UsageError('--fail-on-new needs --baseline previous.json');
  const scale = await resolveScaleSettings(values, io);
  if (targets.length === 0 && values.targets.length === 0 && !scale.openapi) {
    if (harFiles.length > 0) {
      const { describeHarCounts } = await import('../inputs/har-file.js');
      throw new UsageError(`no target: no cross-origin request in ${harFiles.map(describeHarCounts).join('; ')}`);
    }
    throw new UsageError('no target: pass a URL, --targets FILE, --openapi FILE or --har FILE');
  }
  return {
    targets,
    targetFiles: values.targets,
    inputFiles: [...values.targets.filter((file) => file !== '-'), ...values.har, ...[values.config, values.ignoreFile, values.baseline, values.sarifLocation].filter((file): file is string => Boolean(file))],
    headers: parseHeaders(values.header),
    trustedOrigins: values.trustedOrigin,
    targetSpecs: new Map(specs.map((spec) => [spec.url, spec])),
    outputs: parseOutputs(values.format, values.output),
    failOn: values.failOn,
    ...(values.minSeverity ? { minSeverity: values.minSeverity } : {}),
    failOnNew: values.failOnNew,
    allowUnreachable: values.allowUnreachable,
    ...(values.config ? { config: values.config } : {}),
    ...(values.ignoreFile ? { ignoreFile: values.ignoreFile } : {}),
    ...(values.baseline ? { baseline: values.baseline } : {}),
    ...(values.sarifLocation ? { sarifLocation: values.sarifLocation } : {}),
    ...(values.sarifCategory ? { sarifCategory: values.sarifCategory } : {}),
    timeoutMs: Math.round(values.timeout * 1000),
    insecure: values.insecure,
    resolve: values.resolve,
    concurrency: values.concurrency,
    perHost: values.perHost,
    maxPerHost: resolveMaxPerHost(values.perHost, values.maxPerHost),
    secretHeaders: values.secretHeader,
    showSecrets: values.showSecrets,
    ...(values.color !== undefined ? { color: values.color } : {}),
    ...(values.framework ? { framework: values.framework } : {}),
    scale,
    ...(values.poc ? { poc: values.poc } : {}),
    harFiles,
    unsafeMethods: values.unsafeMethods,
  };
}

/**
 * Reads the `--har` files and adds their endpoints to the config file's targets. A URL
 * in both keeps the config's settings and gains the HAR's usage and page origins.
 */
async function withHarTargets(raw: Pick<LayeredOptions['values'], 'har' | 'harKeepQuery' | 'harCredentials'>, config: readonly TargetSpec[]): Promise<{ harFiles: HarFile[]; specs: readonly TargetSpec[] }> {
  if (raw.har.length === 0) {
    if (raw.harKeepQuery || raw.harCredentials) throw new UsageError(`${raw.harKeepQuery ? '--har-keep-query' : '--har-credentials'} needs --har FILE`);
    return { harFiles: [], specs: config };
  }
  // Loaded on use: scans without a HAR do not pay for it.
  const { readHar, harTargets } = await import('../inputs/har-file.js');
  const harFiles: HarFile[] = [];
  for (const path of raw.har) harFiles.push(await readHar(path, { keepQuery: raw.harKeepQuery }));
  const specs = new Map(config.map((spec) => [spec.url, spec]));
  for (const spec of harTargets(harFiles, raw.harCredentials)) {
    const mine = specs.get(spec.url);
    specs.set(spec.url, mine ? { ...mine, trustedOrigins: [...new Set([...(mine.trustedOrigins ?? []), ...(spec.trustedOrigins ?? [])])], headers: { ...spec.headers, ...mine.headers }, usage: spec.usage! } : spec);
  }
  return { harFiles, specs: [...specs.values()] };
}
