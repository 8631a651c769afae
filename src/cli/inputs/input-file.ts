import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../../model/errors.js';
import { packageFile } from '../../package-files.js';
import { validate, type Schema } from './json-schema.js';

/** The schemas the package publishes (schema/), read once on first use. */
const SCHEMAS = { report: 'report.schema.json', recording: 'recording.schema.json' } as const;
const loaded = new Map<keyof typeof SCHEMAS, Schema>();

function schemaOf(kind: keyof typeof SCHEMAS): Schema {
  let schema = loaded.get(kind);
  if (!schema) {
    schema = JSON.parse(readFileSync(packageFile(`schema/${SCHEMAS[kind]}`), 'utf8')) as Schema;
    loaded.set(kind, schema);
  }
  return schema;
}

/**
 * Reads a JSON input file (a report for --baseline, diff, merge, --from-report; a recording
 * for --replay) and validates all of it against its published schema before anything else
 * runs. Every problem is a UsageError naming the file and, for a bad value, its JSON path:
 * a malformed baseline must not cost a whole scan and then crash.
 */
export async function readJsonInput<T>(path: string, what: string, kind: keyof typeof SCHEMAS): Promise<T> {
  const kindOf = await stat(path).catch(() => undefined);
  if (kindOf?.isDirectory()) throw new UsageError(`${what} ${path} is a directory, not a JSON file`);
  // A device never ends (/dev/zero) or is not a file at all; a pipe (<(cat report.json)) is fine.
  if (kindOf?.isCharacterDevice() || kindOf?.isBlockDevice()) throw new UsageError(`${what} ${path} is a device, not a JSON file`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const problem = validate(schemaOf(kind), value);
  if (problem) {
    const expected = kind === 'report' ? 'a corscan JSON report (corscan scan --format json)' : 'a corscan recording (corscan scan --record)';
    throw new UsageError(`${what} ${path} is not ${expected}: at ${problem.path}: ${problem.message}`);
  }
  return value as T;
}
