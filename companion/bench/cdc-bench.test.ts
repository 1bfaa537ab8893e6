import { describe, expect, it } from 'vitest';
import { runCdcBench } from './cdc-bench.js';

// Smoke test of benchmark 3: the harness runs end to end and its counts are sane. No timing.
describe('Salesforce → Okta benchmark (smoke)', () => {
  it('sees every Contact edit written to its Okta user once, and counts API calls', async () => {
    const result = await runCdcBench({ mode: 'in-process', customers: 120, events: 40 });

    expect(result.settled).toBe(true);
    expect(result.unapplied).toBe(0);
    expect(result.endToEndMs.count).toBe(40);
    expect(result.oktaWrites).toBe(40);
    expect(result.queue).toMatchObject({ pending: 0, leased: 0, deadLetters: 0 });
    expect(result.calls.byEndpoint.okta['POST /api/v1/users/{id}']).toBe(40);
    expect(result.perEvent.okta).toBeGreaterThanOrEqual(1);
  });
});
