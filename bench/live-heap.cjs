// Preloaded into the scanned process by bench/run.mjs (with --expose-gc). While the scan
// runs, RSS is sampled once a second; at exit it prints the largest sample of each
// quarter of the run (flat = nothing grows as targets go by) and, after a full
// collection, how much heap is still live (flat across target counts = nothing grows
// with the list; peak RSS above it is garbage V8 had not yet collected).
const samples = [];
const timer = setInterval(() => samples.push(process.memoryUsage.rss()), 1000);
timer.unref();
process.on('exit', () => {
  const mb = (bytes) => Math.round(bytes / 2 ** 20);
  const quarter = Math.ceil(samples.length / 4);
  const quarters = [0, 1, 2, 3].map((i) => samples.slice(i * quarter, (i + 1) * quarter)).filter((part) => part.length > 0);
  process.stderr.write(`bench: RSS by quarter of the run ${quarters.map((part) => mb(Math.max(...part))).join(' / ')} MB\n`);
  globalThis.gc?.();
  process.stderr.write(`bench: live heap after scan ${mb(process.memoryUsage().heapUsed)} MB\n`);
});
