import type { CliIO } from '../io.js';
import type { ScanOptionValues } from './option-table.js';
import type { Shard } from './shard.js';

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

/** The many-target settings: limits, recording, sharding, the OpenAPI document's URLs, verbosity. */
export async function resolveScaleSettings(values: ScanOptionValues, _io: CliIO): Promise<ScaleSettings> {
  return {
    ...(values.rateLimit !== undefined ? { rateLimit: values.rateLimit } : {}),
    retries: values.retries,
    maxHostErrors: values.maxHostErrors,
    ...(values.record ? { record: values.record } : {}),
    ...(values.replay ? { replay: values.replay } : {}),
    ...(values.shard ? { shard: values.shard } : {}),
    openapiTargets: values.openapi ? await (await import('../inputs/openapi.js')).readOpenApi(values.openapi, values.openapiServer) : [],
    quiet: values.quiet,
    verbose: values.verbose,
  };
}
