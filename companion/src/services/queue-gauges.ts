import type { Metrics } from '../metrics.js';
import type { JobQueueStore } from '../store/types.js';

export interface QueueGaugeDeps {
  metrics: Pick<Metrics, 'queueJobs' | 'queueLag' | 'guardTripped'>;
  jobs: Pick<JobQueueStore, 'counts' | 'oldestPendingAge'>;
  guardTripped: () => boolean;
}

/** Sets the queue and guard gauges `/metrics` serves from the store's current state. */
export function refreshQueueGauges(deps: QueueGaugeDeps): void {
  const counts = deps.jobs.counts();
  deps.metrics.queueJobs.set({ state: 'pending' }, counts.pending);
  deps.metrics.queueJobs.set({ state: 'leased' }, counts.leased);
  deps.metrics.queueJobs.set({ state: 'delayed' }, counts.delayed);
  deps.metrics.queueJobs.set({ state: 'dead' }, counts.deadLetters);
  deps.metrics.queueLag.set(deps.jobs.oldestPendingAge() / 1000);
  deps.metrics.guardTripped.set(deps.guardTripped() ? 1 : 0);
}

/** Refreshes the gauges every `everyMs` until stopped; never keeps the process alive. */
export function startQueueGauges(deps: QueueGaugeDeps, everyMs: number): { stop(): void } {
  const timer = setInterval(() => refreshQueueGauges(deps), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
