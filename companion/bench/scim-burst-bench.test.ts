import { describe, expect, it } from 'vitest';
import { runScimBurst } from './scim-burst-bench.js';

// Smoke test of benchmark 4: the harness runs end to end and its counts are sane. No timing.
describe('SCIM burst benchmark (smoke)', () => {
  it('answers every push, sees every update written to its Contact, and counts API calls', async () => {
    const result = await runScimBurst({
      mode: 'in-process',
      customers: 120,
      users: 30,
      events: 120,
      senders: 2,
    });

    expect(result.assignment).toMatchObject({ requests: 60, failedRequests: 0, settled: true });
    expect(result.assignment.queue).toMatchObject({ pending: 0, leased: 0, deadLetters: 0 });
    expect(result.updates).toMatchObject({ requests: 120, failedRequests: 0, unapplied: 0 });
    expect(result.updates.endToEndMs.count).toBe(120);
    expect(result.updates.answerMs.count).toBe(120);
    expect(result.updates.calls.byEndpoint.okta['GET /api/v1/users']).toBeGreaterThan(0);
    expect(result.assignment.salesforceCallsPerUser).toBeGreaterThan(0);
    expect(result.updates.perEvent.salesforce).toBeLessThan(2);
  });
});
