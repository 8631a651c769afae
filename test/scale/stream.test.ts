import { StringDecoder } from 'node:string_decoder';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSpool } from '../../src/cli/output/report-spool.js';
import { openTargets, readTargetLines } from '../../src/cli/inputs/target-source.js';
import { parseShard, shardOf } from '../../src/cli/options/shard.js';
import { scan, type ScanOptions } from '../../src/engine/scan.js';
import { scanStream } from '../../src/engine/stream.js';
import type { Transport } from '../../src/http/transport.js';
import type { ScanReport, TargetResult } from '../../src/model/report.js';
import { renderJson } from '../../src/report/json.js';
import { RULES } from '../../src/rules/index.js';
import { memoryTransport } from '../helpers/memory-transport.js';
import { testDir } from '../helpers/temp-dir.js';

const dir = testDir('stream');


const options: ScanOptions = {
  rules: RULES,
  headers: {},
  trustedOrigins: [],
  failOn: 'high',
  concurrency: 4,
  secretHeaders: [],
  showSecrets: false,
  tool: { name: 'corscan', version: '0.0.0-test' },
};

describe('targets are read lazily', () => {
  it('reading the first URLs of a 100,000-line file reads only its first chunks', async () => {
    const file = join(dir, 'big.txt');
    writeFileSync(file, Array.from({ length: 100_000 }, (_, i) => `https://api${i % 7}.example.test/item/${i}   # line ${i}`).join('\n'));
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 16 * 1024 });
    const first: string[] = [];
    for await (const url of readTargetLines(stream, file)) {
      first.push(url);
      if (first.length === 5) break;
    }
    expect(first[0]).toBe('https://api0.example.test/item/0');
    expect(stream.bytesRead).toBeLessThan(256 * 1024); // the file is ~4.5 MB
    expect(stream.destroyed).toBe(true);
  });

  it('de-duplicates across inputs, skips comments, counts up front and reports the bad line', async () => {
    const file = join(dir, 'list.txt');
    writeFileSync(file, '# audit\nhttps://a.example.test/\n\nhttps://a.example.test/#frag\nhttps://b.example.test/x\n');
    const source = await openTargets({ urls: ['https://b.example.test/x'], files: [file] });
    expect(source.total).toBe(2);
    const urls: string[] = [];
    for await (const url of source.targets) urls.push(url);
    expect(urls).toEqual(['https://b.example.test/x', 'https://a.example.test/']);
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'https://ok.example.test/\nftp://nope.example.test/\n');
    await expect(openTargets({ urls: [], files: [bad] })).rejects.toThrow(/bad\.txt:2.*scheme ftp:/);
  });

  it('the engine pulls a target only when a lane is free', async () => {
    let pulled = 0;
    let maxAhead = 0;
    async function* targets() {
      for (let i = 0; i < 2_000; i += 1) {
        pulled += 1;
        yield `https://reflect${i % 5}.example.test/t${i}`;
      }
    }
    let done = 0;
    const summary = await scanStream(targets(), options, memoryTransport(), () => {
      done += 1;
      maxAhead = Math.max(maxAhead, pulled - done);
    });
    expect(summary).toEqual({ done: 2_000, interrupted: false });
    expect(maxAhead).toBeLessThanOrEqual(options.concurrency);
  });
});

describe('engine limits', () => {
  it('--max-host-errors skips the rest of a failing host and marks its targets skipped', async () => {
    const transport = memoryTransport();
    const results: TargetResult[] = [];
    const targets = ['https://down.example.test/1', 'https://down.example.test/2', 'https://down.example.test/3', 'https://reflect.example.test/1'];
    await scanStream(targets, { ...options, concurrency: 1, maxHostErrors: 3 }, transport, ({ result }) => {
      results.push(result);
    });
    expect(results.map((result) => result.status)).toEqual(['unreachable', 'skipped', 'skipped', 'scanned']);
    // The skipped targets sent nothing: only the first down target and the healthy one did.
    expect(results[1]!.requests + results[2]!.requests).toBe(0);
    expect(transport.sent).toBe(results[0]!.requests + results[3]!.requests);
  });

  it('an abort stops pulling targets and says the run was interrupted', async () => {
    const controller = new AbortController();
    let seen = 0;
    const targets = Array.from({ length: 100 }, (_, i) => `https://reflect.example.test/${i}`);
    const summary = await scanStream(targets, { ...options, concurrency: 2, signal: controller.signal }, memoryTransport(), () => {
      if (++seen === 10) controller.abort();
    });
    expect(summary.interrupted).toBe(true);
    expect(summary.done).toBeLessThan(15);
  });

  it('lanes = min(concurrency, targets): --concurrency 100000000 with three targets starts three lanes', async () => {
    let pulls = 0;
    const three = ['https://a.example.test/', 'https://b.example.test/', 'https://c.example.test/'];
    const source: Iterable<string> = {
      [Symbol.iterator]: () => ({ next: () => (pulls < three.length ? { done: false, value: three[pulls++]! } : (pulls++, { done: true, value: undefined })) }),
    };
    let done = 0;
    const summary = await scanStream(source, { ...options, concurrency: 100_000_000 }, memoryTransport(), () => {
      done += 1;
    });
    expect(summary).toEqual({ done: 3, interrupted: false });
    // A pull per target, and one per lane that finds the end: no lane beyond the targets asked for more.
    expect(pulls).toBeLessThanOrEqual(3 + 3);
  });

  it('lanes still reach the concurrency when there are more targets than lanes', async () => {
    let pulled = 0;
    let done = 0;
    let most = 0;
    function* targets() {
      for (let i = 0; i < 20; i += 1) {
        pulled += 1;
        yield `https://plain.example.test/t${i}`;
      }
    }
    await scanStream(targets(), { ...options, concurrency: 4 }, memoryTransport(), () => {
      most = Math.max(most, pulled - done);
      done += 1;
    });
    expect(most).toBe(4);
  });

  it('a throw (a replay miss) rejects the whole scan', async () => {
    const failing: Transport = { send: async () => Promise.reject(new Error('boom')), close: async () => {} };
    await expect(scanStream(['https://a.example.test/'], options, failing, () => {})).rejects.toThrow('boom');
  });
});

describe('report spool', () => {
  it('streams byte for byte the JSON that scan() + renderJson give', async () => {
    const targets = Array.from({ length: 40 }, (_, i) => `https://${i % 2 ? 'reflect' : 'plain'}${i % 3}.example.test/p${i}`);
    const report = await scan(targets, options, memoryTransport());
    const spool = new ReportSpool();
    try {
      await scanStream(targets, options, memoryTransport(), (s) => spool.add(s));
      const { targets: _t, findings: _f, ...head } = report;
      const chunks: Buffer[] = [];
      await spool.writeJson(head, (chunk) => {
        chunks.push(Buffer.from(chunk));
      }, 1024);
      const out = Buffer.concat(chunks).toString('utf8');
      expect(report.findings.length).toBeGreaterThan(0);
      expect(out).toBe(renderJson(report));
      expect(spool.toReport(head)).toEqual(report);
    } finally {
      spool.dispose();
    }
  });
});

describe('report spool chunks', () => {
  it('are UTF-8 bytes that may end inside a character; decoded in turn they are the whole report', async () => {
    const spool = new ReportSpool();
    try {
      const text = 'ünïcödé 中文 🙂';
      await scanStream(['https://a.example.test/x', 'https://b.example.test/y'], options, memoryTransport(), (s) =>
        spool.add({ ...s, result: { ...s.result, error: { code: 'ERR_PROBE_PROTOCOL', message: text } } }),
      );
      const { targets: _t, findings: _f, ...head } = await scan([], options, memoryTransport());
      const chunks: Buffer[] = [];
      await spool.writeJson(head, (chunk) => {
        chunks.push(Buffer.from(chunk));
      }, 5);
      const whole = Buffer.concat(chunks).toString('utf8');
      // Some chunk ends mid-character, so decoding chunk by chunk without carrying bytes over would break it.
      expect(chunks.some((chunk) => chunk.toString('utf8').includes('\ufffd'))).toBe(true);
      const decoder = new StringDecoder('utf8');
      expect(chunks.map((chunk) => decoder.write(chunk)).join('') + decoder.end()).toBe(whole);
      expect((JSON.parse(whole) as ScanReport).targets.map((target) => target.error?.message)).toEqual([text, text]);
    } finally {
      spool.dispose();
    }
  });
});

describe('shards', () => {
  it('parses i/n and splits deterministically and completely', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('5/4')).toThrow(/i\/n/);
    expect(() => parseShard('0/4')).toThrow(/i\/n/);
    const urls = Array.from({ length: 400 }, (_, i) => `https://x.example.test/${i}`);
    const counts = [1, 2, 3, 4].map((index) => urls.filter((url) => shardOf(url, 4) === index).length);
    expect(counts.reduce((a, b) => a + b)).toBe(400);
    for (const count of counts) expect(count).toBeGreaterThan(60); // roughly even
    expect(urls.map((url) => shardOf(url, 4))).toEqual(urls.map((url) => shardOf(url, 4)));
  });
});
