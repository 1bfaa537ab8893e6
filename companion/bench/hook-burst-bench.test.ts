import { describe, expect, it } from 'vitest';
import { runHookBurst } from './hook-burst-bench.js';

// Smoke test of benchmark 2: the harness runs end to end and its counts are sane. No timing.
describe('hook burst benchmark (smoke)', () => {
  it('delivers every event, sees every update written to its Contact, and counts API calls', async () => {
    const result = await runHookBurst({
      mode: 'in-process',
      customers: 120,
      events: 300,
      users: 30,
      batchSize: 50,
      senders: 2,
    });

    expect(result.deliveries).toBe(6);
    expect(result.failedDeliveries).toBe(0);
    expect(result.settled).toBe(true);
    expect(result.unapplied).toBe(0);
    expect(result.ackMs.count).toBe(6);
    expect(result.endToEndMs.count).toBe(300);
    expect(result.queue).toMatchObject({ pending: 0, leased: 0, deadLetters: 0 });
    // Updates of one user queued together are applied by one write: at most one per event,
    // at least one per user.
    expect(result.contactWrites).toBeGreaterThanOrEqual(30);
    expect(result.contactWrites).toBeLessThanOrEqual(300);
    expect(result.calls.byEndpoint.okta['GET /api/v1/users']).toBeGreaterThan(0);
    expect(result.calls.salesforce).toBeGreaterThan(0);
    expect(result.perEvent.salesforce).toBeLessThan(1);
  });
});
