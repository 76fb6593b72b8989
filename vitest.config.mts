import { defineConfig } from 'vitest/config';

const shared = {
  // node-pty and better-sqlite3 are native addons: separate processes keep them apart.
  pool: 'forks' as const,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    reporters: ['default', './.ci/summary-reporter.mts'],
    projects: [
      {
        extends: true,
        test: {
          ...shared,
          name: 'unit',
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude: ['node_modules/**', 'out/**', 'dist/**', 'e2e/**'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          ...shared,
          name: 'e2e',
          // Browser journeys against the built app and a real `pipewright serve`.
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          // One Chromium at a time: the machine has two cores and a pty per shell node.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
