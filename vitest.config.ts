import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/browser needs Chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ['test/browser/**', 'node_modules/**'],
    setupFiles: ['test/helpers/loopback-only.ts'],
    // Most test time is spent waiting on spawned CLI processes and loopback servers, not CPU:
    // two workers on two cores (vitest would use one) cut the suite from about 205 s to about 120 s.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
