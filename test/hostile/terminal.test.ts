import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalEscapes, type HostileServer } from '../../src/lab/hostile/servers.js';
import { terminalSafeText } from '../../src/report/terminal-safe.js';
import { runCorscan } from '../helpers/cli.js';

let server: HostileServer;
beforeAll(async () => {
  server = await terminalEscapes();
});
afterAll(() => server.close());

describe('server-controlled text never drives the terminal', () => {
  it('the table report shows C1 controls from a header as visible escapes', async () => {
    const run = await runCorscan(['scan', `http://127.0.0.1:${server.port}/`, '--fail-on', 'none', '--no-color']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('invalid-acao');
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(run.stdout).toContain('\\u009b');
  });

  it('every format escapes C1 controls: JSON and SARIF as \\u009b (the same JSON value), markdown and HTML visibly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corscan-c1-'));
    try {
      const files = Object.fromEntries(['json', 'sarif', 'markdown', 'html'].map((format) => [format, join(dir, `report.${format}`)]));
      const run = await runCorscan(['scan', `http://127.0.0.1:${server.port}/`, '--fail-on', 'none', ...Object.entries(files).flatMap(([format, file]) => ['--format', `${format}:${file}`])]);
      expect(run.code).toBe(0);
      for (const [format, file] of Object.entries(files)) {
        const text = readFileSync(file, 'utf8');
        expect(text, format).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        expect(text, format).toContain('\\u009b2J');
      }
      const report = JSON.parse(readFileSync(files['json']!, 'utf8')) as { findings: { message: string }[] };
      expect(report.findings.some((finding) => finding.message.includes('\u009b2J'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('terminalSafeText escapes C0 and C1 controls but keeps tabs, newlines and other text', () => {
    expect(terminalSafeText('a\u001b[2Jb\u009bc\td\ne é ✓')).toBe('a\\u001b[2Jb\\u009bc\td\ne é ✓');
  });
});
