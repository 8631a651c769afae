import { UsageError } from '../../model/errors.js';
import { FORMATS, type Format } from '../../report/formats.js';

/** One requested output: a format, written to a file or (no file) to stdout. */
export interface OutputSpec {
  format: Format;
  file?: string;
}

/**
 * Parses `--format name[:file]` values (repeatable). `--output` keeps working for the
 * single-format case. At most one format may go to stdout, and two outputs may not
 * share a file.
 */
export function parseOutputs(values: readonly string[] | undefined, output: string | undefined): OutputSpec[] {
  const specs: OutputSpec[] = (values && values.length > 0 ? values : ['table']).map((value) => {
    const colon = value.indexOf(':');
    const name = colon === -1 ? value : value.slice(0, colon);
    const file = colon === -1 ? undefined : value.slice(colon + 1);
    if (!(FORMATS as readonly string[]).includes(name)) {
      throw new UsageError(`--format "${value}": unknown format ${name} (choose ${FORMATS.join(', ')}, optionally as format:file)`);
    }
    if (file === '') throw new UsageError(`--format "${value}" names no file after the colon`);
    return { format: name as Format, ...(file ? { file } : {}) };
  });
  const toStdout = specs.filter((spec) => !spec.file);
  if (output) {
    if (toStdout.length !== 1) throw new UsageError('--output needs exactly one --format without a file; use --format format:file for several');
    toStdout[0]!.file = output;
  } else if (toStdout.length > 1) {
    throw new UsageError(`${toStdout.length} formats would go to stdout; give all but one a file (--format json:report.json)`);
  }
  const files = specs.flatMap((spec) => (spec.file ? [spec.file] : []));
  const twice = files.find((file, index) => files.indexOf(file) !== index);
  if (twice) throw new UsageError(`two formats would be written to ${twice}`);
  return specs;
}
