import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readHar } from '../../src/cli/inputs/har-file.js';
import { runCorscan } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'corscan-har-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAGE = 'https://app.example.com';
const har = (version: string | undefined, entries: unknown[] = [crossOrigin('https://api.example.com/v1/me')]) =>
  JSON.stringify({ log: { ...(version !== undefined ? { version } : {}), creator: { name: 'test', version: '1' }, entries } });
const crossOrigin = (url: string) => ({
  request: { method: 'GET', url, headers: [{ name: 'Origin', value: PAGE }] },
  response: { status: 200, headers: [], content: { size: 9, mimeType: 'application/json', text: '{"a":"b"}' } },
});
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const sparse = (name: string, size: number) => {
  const path = file(name, '');
  truncateSync(path, size);
  return path;
};

const corscan = (args: string[]) => runCorscan(args, { timeoutMs: 60_000 });

describe('--har input errors: one line, exit 2, before any request', () => {
  mkdirSync(join(dir, 'folder'));
  const cases: Array<[string, () => string[], RegExp]> = [
    ['a missing file', () => ['--har', join(dir, 'missing.har')], /--har .*missing\.har cannot be read \(ENOENT\)/],
    ['a directory', () => ['--har', join(dir, 'folder')], /is not a regular file/],
    ['a truncated export', () => ['--har', file('truncated.har', har('1.2').slice(0, 80))], /is not valid JSON \(truncated\?\)/],
    ['not JSON at all', () => ['--har', file('page.har', '<!doctype html><title>oops</title>')], /is not valid JSON: /],
    ['JSON that is no HAR', () => ['--har', file('report.json', '{"schemaVersion":1,"targets":[]}')], /is not a HAR file \(no "log" object/],
    ['an unknown HAR version', () => ['--har', file('v2.har', har('2.0'))], /is HAR version "2\.0"; corscan reads HAR 1\.1 and 1\.2/],
    ['entries missing', () => ['--har', file('noentries.har', '{"log":{"version":"1.2"}}')], /has no "log\.entries" list/],
    ['a corrupt gzip', () => ['--har', file('corrupt.har.gz', Buffer.concat([gzipSync(har('1.2')).subarray(0, 30)]))], /is gzip'd but cannot be decompressed/],
    ['a HAR without a cross-origin request', () => ['--har', file('same.har', har('1.2', [{ request: { method: 'GET', url: `${PAGE}/x`, headers: [{ name: 'Origin', value: PAGE }] } }]))], /no target: no cross-origin request in .*same\.har: 1 entry, 0 cross-origin requests → 0 targets; left out: 1 same-origin/],
    ['a 300 MB file (sparse: nothing is read)', () => ['--har', sparse('huge.har', 300 * 1024 * 1024)], /--har .*huge\.har is larger than 256 MB; export it without response bodies/],
    ['--har-credentials without --har', () => ['https://api.example.com/', '--har-credentials'], /--har-credentials needs --har FILE/],
    ['--har-keep-query without --har', () => ['https://api.example.com/', '--har-keep-query'], /--har-keep-query needs --har FILE/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const run = await corscan(['scan', ...args(), '--no-ignores']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});

describe('readHar', () => {
  it('reads HAR 1.1, 1.2 and a HAR without a version alike', async () => {
    for (const version of ['1.1', '1.2', undefined]) {
      const read = await readHar(file(`v${version}.har`, har(version)), { keepQuery: false });
      expect(read.endpoints.map((endpoint) => endpoint.url)).toEqual(['https://api.example.com/v1/me']);
    }
  });

  it('says when a HAR holds no Cookie or Authorization at all (a sanitized export)', async () => {
    const { describeHarCounts } = await import('../../src/cli/inputs/har-file.js');
    const read = await readHar(file('sanitized.har', har('1.2')), { keepQuery: false });
    expect(describeHarCounts(read)).toMatch(/1 entry, 1 cross-origin request → 1 target; it holds no Cookie or Authorization \(a sanitized export\?\): credentials and Authorization are not judged$/);
  });

  it('reads a gzip\'d HAR and a UTF-8 BOM', async () => {
    expect((await readHar(file('session.har.gz', gzipSync(har('1.2'))), { keepQuery: false })).counts.targets).toBe(1);
    expect((await readHar(file('bom.har', `\ufeff${har('1.2')}`), { keepQuery: false })).counts.targets).toBe(1);
  });

  it('refuses a file, or a gzip that inflates, beyond the limit, with what to do', async () => {
    const big = har('1.2', Array.from({ length: 200 }, (_, i) => crossOrigin(`https://api.example.com/v1/items/${i}`)));
    await expect(readHar(file('big.har', big), { keepQuery: false, limit: 10_000 })).rejects.toThrow(/larger than 0 MB; export it without response bodies/);
    await expect(readHar(file('bomb.har.gz', gzipSync(big)), { keepQuery: false, limit: 10_000 })).rejects.toThrow(/larger than/);
    expect((await readHar(file('ok.har', big), { keepQuery: false })).counts).toMatchObject({ requests: 200, targets: 1 });
  });
});
