import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'sandbox/**/*.test.ts',
      'test/**/*.test.ts',
      'bin/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test talks to emulators on 127.0.0.1; keep files isolated, but do not
    // oversubscribe a two-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
