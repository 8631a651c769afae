// The ceilings bench/run.mjs compares corscan with: bare undici sending `requests`
// requests, `inFlight` at a time, through one keep-alive Agent with `perHost` connections
// per origin and pipelining 1 (as corscan's), every host name dialled at 127.0.0.1 (as
// corscan's --resolve), every body read to its end. Prints { requests, seconds, rate }.
//
//   node bench/raw-undici.mjs get <targets file> <requests> <inFlight> <perHost>
//     GETs with an Origin (as corscan's first probe) over the file's URLs in turn.
//   node bench/raw-undici.mjs replay <recording> <requests> <inFlight> <perHost>
//     The requests of a corscan --record of the same scan, in its order: the same
//     methods (OPTIONS preflights, HEAD, which undici answers by closing the connection),
//     URLs and headers, with corscan's User-Agent and Accept.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const [mode, file, requests, inFlight, perHost] = process.argv.slice(2);

/** What to send: [method, url, headers] in turn. */
function sends() {
  if (mode === 'get') {
    const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    return urls.map((url) => ['GET', url, { origin: 'https://corscan-attacker.example', 'user-agent': 'raw-undici', accept: '*/*' }]);
  }
  if (mode !== 'replay') throw new Error(`unknown mode ${mode}`);
  // The recording is one JSON document with an exchange per line (see src/http/record-transport.ts).
  const recording = JSON.parse(readFileSync(file, 'utf8'));
  return recording.exchanges.map(({ probe }) => [probe.method, probe.url, { 'user-agent': 'raw-undici', accept: '*/*', ...probe.headers }]);
}

const list = sends();
const total = Number(requests);
const agent = new Agent({
  connections: Number(perHost),
  pipelining: 1,
  keepAliveTimeout: 4_000,
  connect: { lookup: (_host, options, callback) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)) },
});
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(inFlight) }, async () => {
    while (next < total) {
      const [method, url, headers] = list[next++ % list.length];
      const response = await request(url, { dispatcher: agent, method, headers });
      await response.body.dump();
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await agent.close();
process.stdout.write(JSON.stringify({ requests: total, seconds, rate: total / seconds }));
