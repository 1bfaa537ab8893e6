/**
 * Wall time, CPU time and peak resident memory of this process over a measured span. The
 * peak is sampled every few milliseconds and also read from the OS (`maxRSS`, the peak of the
 * process's whole life), so run each measured span in a fresh process.
 */

export interface ResourceFigures {
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  cpuMs: number;
  /** Highest sampled RSS during the span, MB. */
  peakRssMb: number;
  /** Peak RSS of the process so far as the OS counts it, MB. */
  maxRssMb: number;
  /** Highest sampled V8 heap in use, MB (the rest of RSS is native memory and GC headroom). */
  peakHeapUsedMb: number;
}

export interface ResourceMeter {
  stop(): ResourceFigures;
}

const MB = 1024 * 1024;

export function startResourceMeter(sampleEveryMs = 20): ResourceMeter {
  const startedAt = performance.now();
  const cpu = process.cpuUsage();
  let peak = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  let ticks = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    // memoryUsage() walks the heap spaces: cheap, but not every 20 ms.
    if (++ticks % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, sampleEveryMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      const used = process.cpuUsage(cpu);
      return {
        wallMs: performance.now() - startedAt,
        cpuUserMs: used.user / 1000,
        cpuSystemMs: used.system / 1000,
        cpuMs: (used.user + used.system) / 1000,
        peakRssMb: peak / MB,
        maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
        peakHeapUsedMb: Math.max(peakHeap, process.memoryUsage().heapUsed) / MB,
      };
    },
  };
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
