import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/helpers/loopback-only.ts'],
    // Transformed modules are kept on disk between runs (node_modules/.experimental-vitest-cache),
    // keyed by each file's content, vitest's version and this config, and dropped whole when the
    // lockfile changes. Measured on unchanged code: vitest's own process 6.5 → 3.1 CPU-s, its
    // workers 56 → 49, the run 92.7 → 84.0 s. A fresh clone starts without it.
    experimental: { fsModuleCache: true },
    // Most test time is spent waiting on spawned CLI processes, loopback servers and Chromium:
    // two workers on two cores (vitest would use one) cut the suite from about 205 s to about 120 s.
    // Three were no faster (103 s against 104 s): the busy stretches then share two cores three ways.
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
          // The Chromium suite (test/browser/) included: a project of its own had two workers of its
          // own, each transforming and importing the module graph again (transform 12 s → 7 s).
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.isolated.test.ts', 'node_modules/**'],
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
    ],
  },
});
