import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/helpers/loopback-only.ts'],
    // Most test time is spent waiting on spawned CLI processes, loopback servers and Chromium:
    // two workers on two cores (vitest would use one) cut the suite from about 205 s to about 120 s.
    // Both projects share these two workers, so the browser suite overlaps the unit suite's tail
    // instead of starting after it.
    maxWorkers: 2,
    // Test files share their worker's module graph instead of importing src/ (rules, undici, the
    // lab) afresh per file: measured on test/rules, cors, observe and probe, 30.7 CPU-s became 7.8.
    // Tests therefore leave no global state behind (servers and temp dirs per file, timers restored in
    // afterEach; test/helpers/loopback-only.ts installs its guards once). A file that must replace a
    // module (vi.mock) is named *.isolated.test.ts and gets a module graph of its own.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/**/*.isolated.test.ts', 'node_modules/**'],
          // Scale tests scan lab policies several times in-process; on a loaded 2-core runner that can
          // take over 20 s. A hang still fails, just later.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['test/**/*.isolated.test.ts'],
          isolate: true,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Drives the system Chromium (`npm run test:browser` runs this project alone): the browser
          // conformance suite, the PoC proofs, the HAR recording and the HTML report rendered.
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
