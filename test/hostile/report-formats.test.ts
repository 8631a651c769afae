import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hugeAcao, manyAcaoLines, markdownAcao } from '../../src/lab/hostile/report-servers.js';
import { terminalEscapes, type HostileServer } from '../../src/lab/hostile/servers.js';
import { runCorscan } from '../helpers/cli.js';

// Hostile header values scanned by the real CLI and written in every format: each output
// stays bounded, inert in Markdown, and free of raw control characters.
const dir = mkdtempSync(join(tmpdir(), 'corscan-hostile-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

async function scanAll(name: string, start: () => Promise<HostileServer>) {
  const server = await start();
  try {
    const files = Object.fromEntries(['json', 'sarif', 'markdown', 'html'].map((format) => [format, join(dir, `${name}.${format}`)]));
    const run = await runCorscan(
      ['scan', `http://127.0.0.1:${server.port}/`, '--fail-on', 'none', '--format', 'table', ...Object.entries(files).flatMap(([format, file]) => ['--format', `${format}:${file}`])],
      { timeoutMs: 120_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const read = (format: string) => readFileSync(files[format]!, 'utf8');
    return { table: run.stdout, json: read('json'), sarif: read('sarif'), markdown: read('markdown'), html: read('html') };
  } finally {
    await server.close();
  }
}

describe('hostile values in every report format', () => {
  it('a 60 KB Access-Control-Allow-Origin is cut to 200 characters plus its size in the table, markdown and HTML', async () => {
    const out = await scanAll('huge', hugeAcao);
    expect(out.table.length).toBeLessThan(20_000);
    expect(out.table).toMatch(/…\(\d{5} bytes\)/);
    expect(out.markdown.length).toBeLessThan(20_000);
    expect(out.html.length).toBeLessThan(200_000);
    // The JSON report keeps the whole value.
    expect(out.json).toContain(`https://${'a'.repeat(60_000)}.example/`);
  }, 180_000);

  it('2,000 Access-Control-Allow-Origin lines stay bounded in the table', async () => {
    const out = await scanAll('many', manyAcaoLines);
    expect(out.table.length).toBeLessThan(20_000);
    expect(out.table).toContain('multiple-acao');
  }, 180_000);

  it('Markdown markup from a header renders as text, never as an image or a link', async () => {
    const out = await scanAll('markdown', markdownAcao);
    const rows = out.markdown.split('\n').filter((line) => line.includes('evil.example'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // Without the rule's own docs link, code spans and backslash escapes: what Markdown would still interpret.
      const live = row.replace(/\[`[a-z-]+`\]\([^)]*\)/g, '').replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '').replace(/\\[\\`*_{}[\]()!|~]/g, '');
      expect(live).not.toMatch(/!?\[[^\]]*\]\(/);
    }
  }, 180_000);

  it('C1 controls (an 8-bit CSI) never reach any output raw', async () => {
    const out = await scanAll('csi', terminalEscapes);
    for (const [format, text] of Object.entries(out)) {
      expect(text, format).not.toMatch(CONTROLS);
      expect(text, format).toContain('\\u009b');
    }
  }, 180_000);
});
