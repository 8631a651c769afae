import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJsonl } from './jsonl.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import type { Format } from './formats.js';
import type { Reporter } from './types.js';

/** Every output format's reporter, by name (the names themselves live in formats.ts). */
export const reporters = {
  table: renderTable,
  json: renderJson,
  jsonl: renderJsonl,
  sarif: renderSarif,
  markdown: renderMarkdown,
  html: renderHtml,
} satisfies Record<Format, Reporter>;

export { FORMATS, type Format } from './formats.js';
export type { Reporter, ReporterOptions } from './types.js';
