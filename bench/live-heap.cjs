// Preloaded into the scanned process by bench/run.mjs (with --expose-gc). While the scan
// runs, RSS is sampled once a second; at exit it prints the largest sample of each
// quarter of the run (flat = nothing grows as targets go by) and, after a full
// collection, how much heap is still live (flat across target counts = nothing grows
// with the list; peak RSS above it is garbage V8 had not yet collected).
const samples = [];
// What the largest sample was made of: V8's heap (reserved and live) and memory outside it.
let peak = { rss: 0 };
const timer = setInterval(() => {
  const usage = process.memoryUsage();
  samples.push(usage.rss);
  if (usage.rss > peak.rss) peak = usage;
}, 1000);
timer.unref();
process.on('exit', () => {
  const mb = (bytes) => Math.round(bytes / 2 ** 20);
  const quarter = Math.ceil(samples.length / 4);
  const quarters = [0, 1, 2, 3].map((i) => samples.slice(i * quarter, (i + 1) * quarter)).filter((part) => part.length > 0);
  process.stderr.write(`bench: RSS by quarter of the run ${quarters.map((part) => mb(Math.max(...part))).join(' / ')} MB\n`);
  process.stderr.write(`bench: at the largest sample heap ${mb(peak.heapTotal ?? 0)} MB reserved, ${mb(peak.heapUsed ?? 0)} MB used, external ${mb(peak.external ?? 0)} MB\n`);
  globalThis.gc?.();
  process.stderr.write(`bench: live heap after scan ${mb(process.memoryUsage().heapUsed)} MB\n`);
});
