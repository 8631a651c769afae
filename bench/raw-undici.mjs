// The ceiling bench/run.mjs compares corscan with: bare undici sending `requests` GETs
// (with an Origin, as corscan's probes have) over the targets file's URLs in turn,
// `inFlight` at a time, through one keep-alive Agent with `perHost` connections per
// origin and pipelining 1 (as corscan's), every host name dialled at 127.0.0.1 (as
// corscan's --resolve), every body read to its end. Prints { requests, seconds, rate }.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const [file, requests, inFlight, perHost] = process.argv.slice(2);
const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
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
      const index = next++;
      const response = await request(urls[index % urls.length], {
        dispatcher: agent,
        headers: { origin: 'https://corscan-attacker.example', 'user-agent': 'raw-undici', accept: '*/*' },
      });
      await response.body.dump();
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await agent.close();
process.stdout.write(JSON.stringify({ requests: total, seconds, rate: total / seconds }));
