// The ceiling bench/run.mjs compares corscan with: bare undici sending `requests`
// GETs (with an Origin) over the targets file's URLs, `inFlight` at a time, to the
// lab on 127.0.0.1:<port>, bodies drained. Prints { requests, seconds, rate } as JSON.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const [file, requests, inFlight, port] = process.argv.slice(2);
const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const total = Number(requests);
const agent = new Agent({
  connections: 16,
  pipelining: 1,
  // Every lab host name dials the lab, as corscan's --resolve does.
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
        headers: { origin: 'https://corscan-attacker.example', 'user-agent': 'raw-undici' },
      });
      await response.body.dump();
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await agent.close();
process.stdout.write(JSON.stringify({ requests: total, seconds, rate: total / seconds, port: Number(port) }));
