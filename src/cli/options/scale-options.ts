import type { CliIO } from '../io.js';
import type { OpenApiTargets } from '../inputs/openapi.js';
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
  /** `--openapi`: the document's targets, enumerated lazily as the scan pulls them. */
  openapi?: OpenApiTargets;
  /** `--openapi-max-targets`: the most server × path URLs one run (or one shard) enumerates. */
  openapiMaxTargets: number;
  quiet: boolean;
  verbose: boolean;
}

/** The many-target settings: limits, recording, sharding, the OpenAPI document's URLs, verbosity. */
export async function resolveScaleSettings(values: ScanOptionValues, _io: CliIO): Promise<ScaleSettings> {
  let openapi: OpenApiTargets | undefined;
  if (values.openapi) {
    const { checkOpenApiSize, readOpenApi } = await import('../inputs/openapi.js');
    openapi = await readOpenApi(values.openapi, values.openapiServer);
    checkOpenApiSize(openapi, values.openapiMaxTargets, values.shard);
  }
  return {
    ...(values.rateLimit !== undefined ? { rateLimit: values.rateLimit } : {}),
    retries: values.retries,
    maxHostErrors: values.maxHostErrors,
    ...(values.record ? { record: values.record } : {}),
    ...(values.replay ? { replay: values.replay } : {}),
    ...(values.shard ? { shard: values.shard } : {}),
    ...(openapi ? { openapi } : {}),
    openapiMaxTargets: values.openapiMaxTargets,
    quiet: values.quiet,
    verbose: values.verbose,
  };
}
