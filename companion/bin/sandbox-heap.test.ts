import { describe, expect, it } from 'vitest';
import { StartupError } from '../src/startup-failure.js';
import { assertSandboxFitsHeap, sandboxHeapNeedMb, sandboxUsersFitting } from './sandbox-heap.js';

describe("the sandbox's share of the companion's heap", () => {
  it('grows with the seed', () => {
    expect(sandboxHeapNeedMb(10_000)).toBeLessThan(sandboxHeapNeedMb(25_000));
  });

  it('lets the default seed and 46,000 users start under the 512 MB limit of npm start', () => {
    // --max-old-space-size=512 gives a heap limit of 560 MB with the young generation.
    expect(() => assertSandboxFitsHeap(200, 560)).not.toThrow();
    expect(() => assertSandboxFitsHeap(46_000, 560)).not.toThrow();
    expect(() => assertSandboxFitsHeap(50_000, 560)).toThrow(StartupError);
    // Measured: 25,000 users ran out of the 304 MB of --max-old-space-size=256.
    expect(() => assertSandboxFitsHeap(25_000, 304)).toThrow(StartupError);
  });

  it('refuses a seed that does not fit, with what fits and the command for a larger heap', () => {
    const start = () => assertSandboxFitsHeap(100_000, 560);
    expect(start).toThrow(StartupError);
    expect(start).toThrow(/^SANDBOX_USERS=100000 needs about \d+ MB of heap/);
    expect(start).toThrow('(about 46,000 fit)');
    expect(start).toThrow('node --max-old-space-size=1280 companion/dist/bin/start.js');
  });

  it('suggests a heap the seed fits in', () => {
    const message = (() => {
      try {
        assertSandboxFitsHeap(100_000, 560);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    const suggested = Number(/--max-old-space-size=(\d+)/.exec(message)?.[1]);
    expect(suggested).toBeGreaterThanOrEqual(sandboxHeapNeedMb(100_000));
    expect(sandboxUsersFitting(suggested)).toBeGreaterThanOrEqual(100_000);
  });
});
