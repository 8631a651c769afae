import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../model/errors.js';
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

/**
 * Every server × path of an OpenAPI 3 document, as target URLs. Path parameters
 * are filled from their examples (or a placeholder); a relative server URL is
 * resolved against `base` (`--openapi-server`). Parsing uses `yaml`, which also
 * reads JSON; only local `$ref`s are followed, which is all enumeration needs.
 */
export async function enumerateOpenApi(text: string, source: string, base?: string): Promise<string[]> {
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

  const rootServers = serverUrls(document['servers']);
  const urls: string[] = [];
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
    const servers = serverUrls(item['servers']).length > 0 ? serverUrls(item['servers']) : rootServers;
    if (servers.length === 0 && !base) {
      throw new UsageError(`--openapi ${source} declares no servers; pass --openapi-server https://api.example.com`);
    }
    for (const server of servers.length > 0 ? servers : [base!]) {
      let absolute: URL;
      try {
        absolute = new URL(server, base);
      } catch {
        throw new UsageError(`--openapi ${source}: server "${server}" is relative; pass --openapi-server https://api.example.com to resolve it`);
      }
      // Paths are appended to the server's path (OAS: "the path is appended to the URL from the Server Object").
      const joined = `${absolute.origin}${absolute.pathname.replace(/\/$/, '')}${filled}`;
      urls.push(normaliseTarget(joined, `--openapi ${source} ${path}`));
    }
  }
  if (urls.length === 0) throw new UsageError(`--openapi ${source} has no paths to scan`);
  return [...new Set(urls)];
}

/** Reads `--openapi FILE` (or a file: URL) and enumerates its targets. */
export async function readOpenApi(location: string, base?: string): Promise<string[]> {
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
