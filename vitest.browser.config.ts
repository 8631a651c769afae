import { defineConfig } from 'vitest/config';

// The browser conformance suite (`npm run test:browser`): drives the system Chromium.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    setupFiles: ['test/helpers/loopback-only.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
