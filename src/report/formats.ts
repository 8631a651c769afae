/**
 * Output format names. Kept apart from the reporters so that parsing `--format`
 * (and `--help`, `--version`) does not load every reporter and the rules they describe.
 */
export const FORMATS = ['table', 'json', 'jsonl', 'sarif', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];
