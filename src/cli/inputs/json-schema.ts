/**
 * A validator for the JSON Schema subset corscan's own schemas use (schema/*.schema.json).
 * Input files (--baseline, diff, merge, --replay) are checked against the same schema the
 * package publishes, before the first request, so a malformed file is a usage error with
 * its JSON path instead of a crash after the scan. A small interpreter instead of ajv: ajv
 * and its formats cost ~150 ms of start-up and 1 MB of dependencies for seven keywords. An
 * unknown keyword throws, so a schema change the validator cannot follow fails its tests
 * rather than being ignored.
 */

export type Schema = boolean | { [keyword: string]: unknown };

/** Keywords that only document. */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$comment', 'examples', 'default', '$defs']);

const FORMATS: Record<string, (value: string) => boolean> = {
  // RFC 3339 date-time and full-date; Date.parse rejects impossible dates such as month 13.
  'date-time': (value) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  date: (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  uri: (value) => URL.canParse(value) && /^[a-z][a-z0-9+.-]*:/i.test(value),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeOf(value) === type;
}

/** Path syntax of the error messages: `$.findings[0].evidence`. */
const child = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

export interface SchemaError {
  /** JSON path of the offending value, `$` for the document. */
  path: string;
  message: string;
}

/** The first place where `value` breaks `schema`, or undefined when it is valid. */
export function validate(root: Schema, value: unknown): SchemaError | undefined {
  const resolveRef = (ref: string): Schema => {
    const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const defs = typeof root === 'object' ? (root['$defs'] as Record<string, Schema> | undefined) : undefined;
    const target = match ? defs?.[match[1]!] : undefined;
    if (target === undefined) throw new Error(`unsupported $ref ${ref}`);
    return target;
  };

  const check = (schema: Schema, data: unknown, path: string): SchemaError | undefined => {
    if (schema === true) return undefined;
    if (schema === false) return { path, message: 'is not allowed here' };
    const fail = (message: string): SchemaError => ({ path, message });
    for (const [keyword, argument] of Object.entries(schema)) {
      if (ANNOTATIONS.has(keyword)) continue;
      switch (keyword) {
        case '$ref': {
          const error = check(resolveRef(argument as string), data, path);
          if (error) return error;
          break;
        }
        case 'type': {
          const types = Array.isArray(argument) ? (argument as string[]) : [argument as string];
          if (!types.some((type) => hasType(data, type))) return fail(`expected ${types.join(' or ')}, got ${typeOf(data) === 'null' ? 'null' : `${typeOf(data)} ${show(data)}`}`);
          break;
        }
        case 'const':
          if (JSON.stringify(data) !== JSON.stringify(argument)) return fail(`expected ${show(argument)}, got ${show(data)}`);
          break;
        case 'enum':
          if (!(argument as unknown[]).some((option) => JSON.stringify(option) === JSON.stringify(data))) {
            return fail(`expected one of ${(argument as unknown[]).map(show).join(', ')}, got ${show(data)}`);
          }
          break;
        case 'pattern':
          if (typeof data === 'string' && !new RegExp(argument as string, 'u').test(data)) return fail(`${show(data)} does not match ${argument as string}`);
          break;
        case 'format': {
          const test = FORMATS[argument as string];
          if (!test) throw new Error(`unsupported format ${argument as string}`);
          if (typeof data === 'string' && !test(data)) return fail(`${show(data)} is not a valid ${argument as string}`);
          break;
        }
        case 'minLength':
          if (typeof data === 'string' && [...data].length < (argument as number)) return fail(`must have at least ${argument as number} characters`);
          break;
        case 'minimum':
          if (typeof data === 'number' && data < (argument as number)) return fail(`must be at least ${argument as number}, got ${data}`);
          break;
        case 'maximum':
          if (typeof data === 'number' && data > (argument as number)) return fail(`must be at most ${argument as number}, got ${data}`);
          break;
        case 'required':
          if (typeOf(data) === 'object') {
            const missing = (argument as string[]).find((key) => !Object.hasOwn(data as object, key));
            if (missing !== undefined) return fail(`missing required property "${missing}"`);
          }
          break;
        case 'properties':
          if (typeOf(data) === 'object') {
            for (const [key, sub] of Object.entries(argument as Record<string, Schema>)) {
              if (!Object.hasOwn(data as object, key)) continue;
              const error = check(sub, (data as Record<string, unknown>)[key], child(path, key));
              if (error) return error;
            }
          }
          break;
        case 'additionalProperties':
          if (typeOf(data) === 'object') {
            const known = new Set(Object.keys((schema['properties'] as object | undefined) ?? {}));
            for (const [key, item] of Object.entries(data as Record<string, unknown>)) {
              if (known.has(key)) continue;
              const error = check(argument as Schema, item, child(path, key));
              if (error) return error;
            }
          }
          break;
        case 'prefixItems':
          if (Array.isArray(data)) {
            for (const [index, sub] of (argument as Schema[]).entries()) {
              if (index >= data.length) break;
              const error = check(sub, data[index], child(path, index));
              if (error) return error;
            }
          }
          break;
        case 'items':
          if (Array.isArray(data)) {
            const start = Array.isArray(schema['prefixItems']) ? (schema['prefixItems'] as unknown[]).length : 0;
            for (let index = start; index < data.length; index += 1) {
              const error = check(argument as Schema, data[index], child(path, index));
              if (error) return error;
            }
          }
          break;
        case 'minItems':
          if (Array.isArray(data) && data.length < (argument as number)) return fail(`expected at least ${argument as number} items, got ${data.length}`);
          break;
        case 'maxItems':
          if (Array.isArray(data) && data.length > (argument as number)) return fail(`expected at most ${argument as number} items, got ${data.length}`);
          break;
        case 'anyOf': {
          const errors = (argument as Schema[]).map((sub) => check(sub, data, path));
          if (errors.every(Boolean)) return errors[0];
          break;
        }
        default:
          throw new Error(`unsupported JSON Schema keyword ${keyword}`);
      }
    }
    return undefined;
  };
  return check(root, value, '$');
}
