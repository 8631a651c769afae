import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/browser needs Chromium (the conformance suite, the PoC proofs, the HTML report rendered):
    // `npm run test:browser` (vitest.browser.config.ts).
    exclude: ['test/browser/**', 'node_modules/**'],
    setupFiles: ['test/helpers/loopback-only.ts'],
    // Most test time is spent waiting on spawned CLI processes and loopback servers, not CPU:
    // two workers on two cores (vitest would use one) cut the suite from about 205 s to about 120 s.
    maxWorkers: 2,
    // Scale tests scan every lab policy several times in-process; on a loaded 2-core runner that can take
    // over 20 s. A hang still fails, just later.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
