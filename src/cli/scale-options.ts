import { Option, type Command } from 'commander';
import { UsageError } from '../model/errors.js';
import type { CliIO } from './io.js';
import { parseShard, type Shard } from './shard.js';
import { normaliseTarget } from './targets.js';

/** Raw many-target options as commander parses them. */
export interface RawScaleOptions {
  rateLimit?: number;
  retries: number;
  maxHostErrors: number;
  record?: string;
  replay?: string;
  shard?: string;
  openapi?: string;
  openapiServer?: string;
  quiet?: boolean;
  verbose?: boolean;
}

/** Validated many-target settings. */
export interface ScaleSettings {
  /** Requests per second per host; undefined = no limit. */
  rateLimit?: number;
  retries: number;
  /** 0 = never skip a host. */
  maxHostErrors: number;
  record?: string;
  replay?: string;
  shard?: Shard;
  openapiTargets: string[];
  quiet: boolean;
  verbose: boolean;
}

const nonNegativeInteger = (name: string) => (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`${name} must be a whole number >= 0, got "${value}"`);
  return parsed;
};

const positive = (name: string) => (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`${name} must be a positive number, got "${value}"`);
  return parsed;
};

/** Adds the options for audits at scale: limits, recordings, shards, OpenAPI, verbosity. */
export function addScaleOptions(command: Command): Command {
  return command
    .option('--rate-limit <n>', 'at most n requests per second to each host', positive('--rate-limit'))
    .option('--retries <n>', 'retry refused or reset connections of idempotent probes n times', nonNegativeInteger('--retries'), 1)
    .option('--max-host-errors <n>', 'skip a host after n failed connections, marking its targets skipped (0: never)', nonNegativeInteger('--max-host-errors'), 30)
    .addOption(new Option('--record <file>', 'write every exchange to a recording (secrets redacted)').conflicts('replay'))
    .option('--replay <file>', 're-run the rules on a recording, without the network')
    .option('--shard <i/n>', 'scan only share i of n of the targets (deterministic, for parallel CI jobs)')
    .option('--openapi <file>', 'scan every server x path of an OpenAPI 3 document (YAML or JSON)')
    .option('--openapi-server <url>', 'base URL for an OpenAPI document without absolute servers')
    .addOption(new Option('-q, --quiet', 'no progress and no notes on stderr').conflicts('verbose'))
    .option('--verbose', 'a line on stderr for every finished target, and a summary');
}

export async function resolveScaleSettings(raw: RawScaleOptions, _io: CliIO): Promise<ScaleSettings> {
  const base = raw.openapiServer ? normaliseTarget(raw.openapiServer, '--openapi-server') : undefined;
  return {
    ...(raw.rateLimit !== undefined ? { rateLimit: raw.rateLimit } : {}),
    retries: raw.retries ?? 1,
    maxHostErrors: raw.maxHostErrors ?? 30,
    ...(raw.record ? { record: raw.record } : {}),
    ...(raw.replay ? { replay: raw.replay } : {}),
    ...(raw.shard ? { shard: parseShard(raw.shard) } : {}),
    openapiTargets: raw.openapi ? await (await import('./openapi.js')).readOpenApi(raw.openapi, base) : [],
    quiet: Boolean(raw.quiet),
    verbose: Boolean(raw.verbose),
  };
}
