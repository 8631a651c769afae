import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enumerateOpenApi, readOpenApi } from '../../src/cli/inputs/openapi.js';
import { openTargets } from '../../src/cli/inputs/target-source.js';
import { shardOf } from '../../src/cli/options/shard.js';
import { runCorscan } from '../helpers/cli.js';
import { testDir } from '../helpers/temp-dir.js';

const dir = testDir('openapi-scale');

/** An OpenAPI document of `servers` servers × `paths` paths (JSON, which --openapi reads like YAML). */
function spec(name: string, servers: number, paths: number): string {
  const file = join(dir, name);
  const document = {
    openapi: '3.1.0',
    info: { title: 'big', version: '1' },
    servers: Array.from({ length: servers }, (_, i) => ({ url: `https://s${i}.big.example/v1` })),
    paths: Object.fromEntries(Array.from({ length: paths }, (_, i) => [`/r${i}/{id}`, { get: { parameters: [{ name: 'id', in: 'path', example: i }] } }])),
  };
  writeFileSync(file, JSON.stringify(document));
  return file;
}

describe('14.9: --openapi enumerates servers × paths lazily, shards while enumerating, and caps a huge product', () => {
  it('14.9: a 2,000 × 2,000 document (4,000,000 URLs) yields its first URLs without building the rest', async () => {
    const file = spec('huge.json', 2_000, 2_000);
    // A few hundred KB of document, as in the report of the defect.
    expect(statSync(file).size).toBeLessThan(400_000);
    const targets = await readOpenApi(file);
    expect(targets.size).toBe(4_000_000);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const urls = targets.urls();
    const first = [urls.next().value, urls.next().value, urls.next().value];
    expect(first).toEqual(['https://s0.big.example/v1/r0/0', 'https://s1.big.example/v1/r0/0', 'https://s2.big.example/v1/r0/0']);
    // 4,000,000 URL strings would take hundreds of MB; three take nothing measurable.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('14.9: above --openapi-max-targets the scan is refused before any request: one line with the count and the --shard that divides it', async () => {
    const file = spec('over.json', 1_000, 1_000);
    const run = await runCorscan(['scan', '--openapi', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `corscan: --openapi ${file} gives 1,000,000 server × path URLs, more than --openapi-max-targets (100,000) for one run: split it with --shard i/10 (10 runs), or raise --openapi-max-targets\n`,
    );
    const shardTooBig = await runCorscan(['scan', '--openapi', file, '--shard', '1/4']);
    expect(shardTooBig.code).toBe(2);
    expect(shardTooBig.stderr).toMatch(/about 250,000 for shard 1\/4, more than --openapi-max-targets \(100,000\)/);
  });

  it('14.9: --shard i/4 takes exactly its quarter, built lazily; the four shards are disjoint and cover the document', async () => {
    const file = spec('sharded.json', 40, 100);
    const document = await readOpenApi(file);
    const all = [...document.urls()];
    expect(new Set(all).size).toBe(4_000);
    const shares: string[][] = [];
    for (let index = 1; index <= 4; index += 1) {
      const source = await openTargets({ urls: [], files: [], extra: () => document.urls(), shard: { index, count: 4 } });
      const share: string[] = [];
      for await (const url of source.targets) share.push(url);
      expect(source.total).toBe(share.length);
      expect(share).toEqual(all.filter((url) => shardOf(url, 4) === index));
      shares.push(share);
    }
    expect(shares.flat().sort()).toEqual([...all].sort());
    // The cap applies to one shard's share: 4,000 URLs pass a limit of 1,000 with --shard i/4, not without.
    const args = ['scan', '--openapi', file, '--openapi-max-targets', '1000', '--replay', join(dir, 'none.json')];
    expect((await runCorscan(args)).stderr).toMatch(/gives 4,000 server × path URLs, more than --openapi-max-targets \(1,000\) for one run: split it with --shard i\/4/);
    expect((await runCorscan([...args, '--shard', '1/4'])).stderr).not.toMatch(/openapi-max-targets/);
  });

  it('14.9: a relative server without --openapi-server is still refused up front', async () => {
    await expect(enumerateOpenApi('{"openapi":"3.1.0","servers":[{"url":"/v1"}],"paths":{"/a":{}}}', 'rel.json')).rejects.toThrow(/server "\/v1" is relative/);
  });
});
