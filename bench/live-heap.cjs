// Preloaded into the scanned process by bench/run.mjs (with --expose-gc): after a full
// collection at exit, how much heap is still live. Flat across target counts = nothing
// grows with the list; peak RSS above it is garbage V8 had not yet collected.
process.on('exit', () => {
  globalThis.gc?.();
  process.stderr.write(`bench: live heap after scan ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB\n`);
});
