import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/loopback-only.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
