import { describe, expect, it } from 'vitest';
import { runReconciliationBench } from './reconciliation-bench.js';

// Smoke test of benchmark 1: the harness runs end to end and its counts are sane. No timing.
describe('reconciliation benchmark (smoke)', () => {
  it('reconciles a drifted org within 5 % of the floor of API calls and compares the per-record strategy', async () => {
    const result = await runReconciliationBench({ customers: 400, mode: 'in-process' });

    expect(result.drift).toEqual({
      profileChange: 8,
      missingContact: 4,
      deprovisioned: 4,
      unlinked: 4,
    });
    expect(result.ours.status).toBe('APPLIED');
    expect(result.ours.progress.itemsFailed).toBe(0);
    expect(result.ours.summary).toMatchObject({ creates: 4, links: 4, deactivations: 4 });
    expect(result.ours.summary.updates).toBeGreaterThanOrEqual(8);
    const { calls, floor } = result.ours;
    // Beyond the floor a run reads the Accounts (one SOQL page per 2000) and writes creates
    // (upserts) and the other changes (updates) in separate collection calls: at this size
    // those constants are most of the difference.
    const accountPages = Math.ceil(result.world.accounts / 2000);
    expect(calls.byClass['okta-user-list']).toBeGreaterThanOrEqual(floor.oktaListCalls);
    expect(calls.byClass['okta-user-list']).toBeLessThanOrEqual(floor.oktaListCalls + 1);
    expect(calls.byClass['okta-other']).toBe(0);
    expect(calls.byClass['soql-page']).toBe(floor.soqlPages + accountPages);
    expect(calls.byClass['sf-write']).toBeLessThanOrEqual(floor.writeCalls + 1);
    expect(calls.total).toBeGreaterThanOrEqual(floor.total);
    expect(calls.total).toBeLessThanOrEqual(Math.ceil(floor.total * 1.05) + accountPages + 1);

    // One lookup and one write per customer in scope, at least.
    expect(result.perRecord.sampled).toBe(false);
    expect(result.perRecord.result.usersListed).toBe(result.world.oktaUsers);
    expect(result.perRecord.calls.salesforce).toBeGreaterThan(result.world.customers);
    expect(result.perRecord.ratioToOurs).toBeGreaterThan(5);
  });
});
