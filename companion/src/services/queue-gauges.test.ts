import { describe, expect, it } from 'vitest';
import { createMetrics } from '../metrics.js';
import { refreshQueueGauges } from './queue-gauges.js';

describe('queue gauges', () => {
  it('show the queue by state, its lag in seconds and the guard', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    await refreshQueueGauges({
      metrics,
      jobs: {
        counts: async () => ({ pending: 3, leased: 1, delayed: 2, deadLetters: 4 }),
        oldestPendingAge: async () => 2_500,
      },
      guardTripped: async () => true,
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain('okta_sync_queue_jobs{state="pending"} 3');
    expect(text).toContain('okta_sync_queue_jobs{state="leased"} 1');
    expect(text).toContain('okta_sync_queue_jobs{state="delayed"} 2');
    expect(text).toContain('okta_sync_queue_jobs{state="dead"} 4');
    expect(text).toContain('okta_sync_queue_lag_seconds 2.5');
    expect(text).toContain('okta_sync_guard_tripped 1');
  });
});
