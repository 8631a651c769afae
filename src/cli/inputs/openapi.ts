import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../model/errors.js';
import type { Shard } from '../options/shard.js';
import { normaliseTarget } from './targets.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** HTTP methods an OpenAPI 3 Path Item may declare (OAS 3.1 §4.8.9.1). */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follows a local `$ref` (`#/components/parameters/Id`); external references are not fetched. */
function deref(document: Json, value: unknown): unknown {
  for (let depth = 0; isObject(value) && typeof value['$ref'] === 'string' && depth < 10; depth += 1) {
    const ref = value['$ref'];
    if (!ref.startsWith('#/')) return undefined;
    value = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
  }
  return value;
}

/** Example value of a path parameter: example, first of examples, schema example/default/enum, else a placeholder. */
function exampleOf(document: Json, parameter: Json): string {
  const schema = deref(document, parameter['schema']);
  const examples = isObject(parameter['examples']) ? Object.values(parameter['examples']).map((e) => deref(document, e)) : [];
  const candidates = [
    parameter['example'],
    ...examples.map((example) => (isObject(example) ? example['value'] : undefined)),
    ...(isObject(schema) ? [schema['example'], schema['default'], Array.isArray(schema['enum']) ? schema['enum'][0] : undefined] : []),
  ];
  const found = candidates.find((value) => ['string', 'number', 'boolean'].includes(typeof value));
  if (found !== undefined) return String(found);
  // A placeholder of the declared type: the server should answer it like any other id.
  const type = isObject(schema) ? schema['type'] : undefined;
  return type === 'integer' || type === 'number' ? '1' : 'corscan';
}

/** Server URLs with `{variables}` replaced by their defaults (OAS 3 Server Variable Object). */
function serverUrls(servers: unknown): string[] {
  if (!Array.isArray(servers)) return [];
  return servers.filter(isObject).flatMap((server) => {
    if (typeof server['url'] !== 'string') return [];
    const variables = isObject(server['variables']) ? server['variables'] : {};
    return [server['url'].replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const variable = variables[name];
      return isObject(variable) && variable['default'] !== undefined ? String(variable['default']) : whole;
    })];
  });
}

/** The targets of an OpenAPI document, enumerated lazily: a document of a few hundred KB can declare millions. */
export interface OpenApiTargets {
  /** The document, as named on the command line. */
  source: string;
  /** Server × path URLs the document gives, before de-duplication and `--shard`. */
  size: number;
  /** A fresh enumeration, in document order (paths, then their servers), one URL at a time. */
  urls(): Generator<string>;
}

/**
 * Every server × path of an OpenAPI 3 document, as target URLs. Path parameters
 * are filled from their examples (or a placeholder); a relative server URL is
 * resolved against `base` (`--openapi-server`). Parsing uses `yaml`, which also
 * reads JSON; only local `$ref`s are followed, which is all enumeration needs.
 * The document is checked whole here (every path, every server); the URLs are only
 * built as the scan pulls them, since servers × paths can be a huge product.
 */
export async function enumerateOpenApi(text: string, source: string, base?: string): Promise<OpenApiTargets> {
  // yaml is only needed here; plain scans do not pay for importing it.
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    // yaml parses JSON too (YAML 1.2 is a superset); errors carry line and column.
    document = parse(text, { prettyErrors: true, maxAliasCount: 1000 });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new UsageError(`--openapi ${source} is not valid YAML or JSON: ${message}`);
  }
  if (!isObject(document)) throw new UsageError(`--openapi ${source} is not an OpenAPI document (expected an object)`);
  if (document['swagger'] !== undefined) throw new UsageError(`--openapi ${source} is Swagger ${String(document['swagger'])}; only OpenAPI 3.x is supported`);
  if (typeof document['openapi'] !== 'string' || !document['openapi'].startsWith('3.')) {
    throw new UsageError(`--openapi ${source} is not an OpenAPI 3 document (no "openapi: 3.x" field)`);
  }
  if (!isObject(document['paths'])) throw new UsageError(`--openapi ${source} has no "paths" object`);

  // Each server list is resolved once: the root list is shared by every path without its own.
  const resolveServers = (servers: string[]): string[] =>
    servers.map((server) => {
      let absolute: URL;
      try {
        absolute = new URL(server, base);
      } catch {
        throw new UsageError(`--openapi ${source}: server "${server}" is relative; pass --openapi-server https://api.example.com to resolve it`);
      }
      // Paths are appended to the server's path (OAS: "the path is appended to the URL from the Server Object").
      return `${absolute.origin}${absolute.pathname.replace(/\/$/, '')}`;
    });
  const rootUrls = serverUrls(document['servers']);
  let resolvedRoot: string[] | undefined;
  const rootServers = () => (resolvedRoot ??= resolveServers(rootUrls));
  const entries: { path: string; filled: string; servers: string[] }[] = [];
  let size = 0;
  for (const [path, rawItem] of Object.entries(document['paths'])) {
    const item = deref(document, rawItem);
    if (!path.startsWith('/') || !isObject(item)) continue;
    const operations = METHODS.map((method) => item[method]).filter(isObject);
    // Path-level parameters apply to every operation; an operation may add or override them.
    const parameters = [item, ...operations]
      .flatMap((node) => (Array.isArray(node['parameters']) ? node['parameters'] : []))
      .map((parameter) => deref(document, parameter))
      .filter((parameter): parameter is Json => isObject(parameter) && parameter['in'] === 'path' && typeof parameter['name'] === 'string');
    const filled = path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
      const parameter = parameters.find((p) => p['name'] === name);
      return encodeURIComponent(parameter ? exampleOf(document as Json, parameter) : 'corscan');
    });
    const own = serverUrls(item['servers']);
    if (own.length === 0 && rootUrls.length === 0 && !base) {
      throw new UsageError(`--openapi ${source} declares no servers; pass --openapi-server https://api.example.com`);
    }
    const servers = own.length > 0 ? resolveServers(own) : rootUrls.length > 0 ? rootServers() : resolveServers([base!]);
    entries.push({ path, filled, servers });
    size += servers.length;
  }
  if (size === 0) throw new UsageError(`--openapi ${source} has no paths to scan`);
  return {
    source,
    size,
    *urls() {
      for (const { path, filled, servers } of entries) {
        for (const server of servers) yield normaliseTarget(`${server}${filled}`, `--openapi ${source} ${path}`);
      }
    },
  };
}

/**
 * Refuses a document whose server × path product is more than one run should take: the
 * de-duplication set and the report grow with it. `--shard i/n` divides it (each run takes
 * about 1/n, by hash), so the limit applies to one shard's share.
 */
export function checkOpenApiSize(targets: OpenApiTargets, limit: number, shard?: Shard): void {
  const count = shard?.count ?? 1;
  if (targets.size <= limit * count) return;
  const shards = Math.ceil(targets.size / limit);
  const share = shard ? `, about ${Math.ceil(targets.size / count).toLocaleString('en-US')} for shard ${shard.index}/${count}` : '';
  throw new UsageError(
    `--openapi ${targets.source} gives ${targets.size.toLocaleString('en-US')} server × path URLs${share}, more than ` +
      `--openapi-max-targets (${limit.toLocaleString('en-US')}) for one run: split it with --shard i/${shards} (${shards} runs), ` +
      `or raise --openapi-max-targets`,
  );
}

/** Reads `--openapi FILE` (or a file: URL) and prepares its targets. */
export async function readOpenApi(location: string, base?: string): Promise<OpenApiTargets> {
  if (/^https?:/i.test(location)) {
    throw new UsageError(`--openapi ${location}: only local files (a path or a file: URL) are read; download the document first`);
  }
  let text: string;
  try {
    text = await readFile(location.startsWith('file:') ? fileURLToPath(location) : location, 'utf8');
  } catch (error) {
    throw new UsageError(`--openapi ${location} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return enumerateOpenApi(text, location, base);
}
