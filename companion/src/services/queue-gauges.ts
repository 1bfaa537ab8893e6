import type { Metrics } from '../metrics.js';
import type { JobQueueStore } from '../store/types.js';

export interface QueueGaugeDeps {
  metrics: Pick<Metrics, 'queueJobs' | 'queueLag' | 'guardTripped'>;
  jobs: Pick<JobQueueStore, 'counts' | 'oldestPendingAge'>;
  guardTripped: () => Promise<boolean>;
}

/** Sets the queue and guard gauges `/metrics` serves from the store's current state. */
export async function refreshQueueGauges(deps: QueueGaugeDeps): Promise<void> {
  const counts = await deps.jobs.counts();
  deps.metrics.queueJobs.set({ state: 'pending' }, counts.pending);
  deps.metrics.queueJobs.set({ state: 'leased' }, counts.leased);
  deps.metrics.queueJobs.set({ state: 'delayed' }, counts.delayed);
  deps.metrics.queueJobs.set({ state: 'dead' }, counts.deadLetters);
  deps.metrics.queueLag.set((await deps.jobs.oldestPendingAge()) / 1000);
  deps.metrics.guardTripped.set((await deps.guardTripped()) ? 1 : 0);
}

/** Refreshes the gauges every `everyMs` until stopped; never keeps the process alive. */
export function startQueueGauges(deps: QueueGaugeDeps, everyMs: number): { stop(): void } {
  const timer = setInterval(() => void refreshQueueGauges(deps), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
