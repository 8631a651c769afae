import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/browser needs Chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ['test/browser/**', 'node_modules/**'],
    setupFiles: ['test/helpers/loopback-only.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
