import { describe, expect, it } from 'vitest';
import { nodeFlagsOfStartScript, startNodeFlags } from './start-flags.js';

describe('the Node flags of the start script', () => {
  it('are the words between node and the entry', () => {
    expect(
      nodeFlagsOfStartScript(
        'npm run build && node --max-old-space-size=256 companion/dist/bin/start.js',
      ),
    ).toEqual(['--max-old-space-size=256']);
    expect(nodeFlagsOfStartScript('node companion/dist/bin/start.js')).toEqual([]);
  });

  it('refuse a script that does not run the entry with node', () => {
    expect(() => nodeFlagsOfStartScript('npm run build && tsx companion/bin/start.ts')).toThrow(
      /does not run "node … companion\/dist\/bin\/start.js"/,
    );
  });

  it('of the repository bound the heap', () => {
    const flags = startNodeFlags(new URL('../../package.json', import.meta.url));
    expect(flags.some((flag) => /^--max-old-space-size=\d+$/.test(flag))).toBe(true);
  });
});
