import { defineConfig } from 'vitest/config';

/**
 * Four projects; `npm test` runs the first three, `npm run test:ha` the fourth:
 * - fast: unit tests and emulator conformance (`npx vitest run --project fast`, the everyday run);
 * - e2e: the companion end to end against the emulators, spawned processes and crashes included;
 * - slow: benchmark smoke tests and the 100,000-user seed;
 * - ha: several companion processes on PostgreSQL, the leader killed (`npm run test:ha`).
 */
const SLOW = ['bench/**/*.test.ts', 'sandbox/seed.test.ts'];
const HA = ['test/ha/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test talks to emulators on 127.0.0.1; keep files isolated, but do not
    // oversubscribe a two-core machine.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['src/**/*.test.ts', 'sandbox/**/*.test.ts'],
          exclude: SLOW,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/**/*.test.ts', 'bin/**/*.test.ts'], exclude: HA },
      },
      { extends: true, test: { name: 'slow', include: SLOW } },
      { extends: true, test: { name: 'ha', include: HA, testTimeout: 300_000 } },
    ],
  },
});
