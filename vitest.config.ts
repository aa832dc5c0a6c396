import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * `unit` and `integration` share their workers' module cache between files (`isolate: false`):
 * botbuilder is imported and the router built (bot/knowledge/build.ts) once per worker instead of
 * once per file, which is most of the time a file takes. That is safe because the tests mock no
 * modules, stub no globals or environment variables, use no fake timers, and restore the one spy
 * they set; the module state they share is the content build (read-only), the conversation
 * tests' in-memory store (every test bot has its own conversation) and the compressed assets.
 * Two workers at least, even on two cores: the HTTP tests spend most of their time waiting on
 * sockets and the Direct Line client's polling.
 */
const shared = {
  // A temporary folder of the run's own, so other programs' files never show up in it.
  globalSetup: 'test/helpers/tmpdir.ts',
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
  isolate: false,
  maxWorkers: Math.max(2, availableParallelism() - 1),
} as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/http/**', 'test/store/**'],
          ...shared,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/http/**/*.test.ts', 'test/store/**/*.test.ts'],
          ...shared,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
