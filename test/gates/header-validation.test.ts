import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseHeaders } from '../../src/cli/options/options.js';
import { runCli } from '../../src/cli/commands/program.js';
import { UsageError } from '../../src/model/errors.js';
import { BIN } from '../helpers/cli.js';
import { memoryIo } from '../helpers/memory-io.js';
import { usePublicApi } from '../helpers/public-api.js';

const { dir, target, server } = usePublicApi('headers');

describe('14.1: --header values and names undici would refuse are usage errors, before any request', () => {
  it.each([
    ['a non-Latin-1 value', 'X-Price: 5 €'],
    ['a control byte in the value', 'X-Bell: a\u0007b'],
    ['DEL in the value', 'X-Del: a\u007fb'],
    ['Transfer-Encoding', 'Transfer-Encoding: chunked'],
    ['Expect', 'Expect: 100-continue'],
    ['Upgrade', 'Upgrade: h2c'],
    ['Keep-Alive', 'Keep-Alive: timeout=5'],
    ['Connection', 'connection: close'],
    ['Host', 'Host: evil.example'],
    ['Content-Length', 'Content-Length: 5'],
  ])('%s (flag)', async (_what, header) => {
    const before = server().connections();
    const { io, stderr, stdout } = memoryIo();
    expect(await runCli(['scan', target(), '--header', header], io)).toBe(2);
    expect(stderr()).toMatch(/^corscan: --header .*\n$/);
    expect(stdout()).toBe('');
    expect(server().connections()).toBe(before);
  });

  it('the same check applies to CORSCAN_HEADER and to a config file', async () => {
    const fromEnv = memoryIo({ CORSCAN_HEADER: 'X-Euro: €' });
    expect(await runCli(['scan', target()], fromEnv.io)).toBe(2);
    expect(fromEnv.stderr()).toMatch(/outside Latin-1/);

    const config = join(dir, 'corscan.config.json');
    writeFileSync(config, JSON.stringify({ targets: [{ url: target(), headers: { Connection: 'upgrade' } }] }));
    const fromConfig = memoryIo();
    expect(await runCli(['scan', '--config', config], fromConfig.io)).toBe(2);
    expect(fromConfig.stderr()).toMatch(/cannot set Connection/);
  });

  it('Latin-1 obs-text, visible ASCII and tabs inside a value stay allowed (RFC 9110 field-value)', () => {
    expect(parseHeaders(['X-Name: caf\u00e9\tau lait', 'Authorization: Bearer a.b-c_d~e+f/g='])).toEqual({
      'X-Name': 'caf\u00e9\tau lait',
      Authorization: 'Bearer a.b-c_d~e+f/g=',
    });
    expect(() => parseHeaders(['X-Emoji: \u{1F600}'])).toThrow(UsageError);
  });
});

describe('14.1: the process exits 2 unless the run completes', () => {
  it('a probe that never settles ends the process with exit 2, not 0 (real process)', async () => {
    // The transport's send() never settles and holds no timer: Node runs out of work with the
    // scan's promise pending, which used to exit 0 with no report.
    const dist = pathToFileURL(join(BIN, '..', '..', 'dist')).href;
    const script = join(dir, 'hang.mjs');
    writeFileSync(
      script,
      `const { UndiciTransport } = await import('${dist}/http/undici-transport.js');\n` +
        `UndiciTransport.prototype.send = () => new Promise(() => {});\n` +
        `process.argv.splice(2, Infinity, 'scan', '${target()}', '--format', 'json');\n` +
        `await import('${dist}/cli/main.js');\n`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(timer);
    expect(signal).toBeNull();
    expect(code).toBe(2);
    expect(stdout).toBe('');
  }, 120_000);
});
