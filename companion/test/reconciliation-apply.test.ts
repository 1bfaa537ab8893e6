import { afterEach, describe, expect, it } from 'vitest';
import { endToEndProfile } from '../sandbox/profile.js';
import { applyWrites, type SalesforceWrite } from '../src/salesforce/record-writer.js';
import { createReconciliationService } from '../src/reconciliation/reconciliation-service.js';
import { APPLIED_KINDS } from '../src/reconciliation/plan-applier.js';
import { silentLogger } from '../src/logger.js';
import { openSqliteStore } from '../src/store/index.js';
import {
  allItems,
  applyToEnd,
  buildService,
  runToEnd,
  startWorld,
  tempStorePath,
  type World,
} from './reconciliation-harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const contactsOf = (w: World, oktaUserId: string) =>
  w.sf.db.find(
    'Contact',
    (c) => String(c['Okta_User_Id__c'] ?? '').toLowerCase() === oktaUserId.toLowerCase(),
  );

function newCustomers(w: World, count: number): string[] {
  const org = String(w.seed.salesforce.accounts[0]?.['Name']);
  return Array.from(
    { length: count },
    (_, i) =>
      w.okta.createUserDirect({
        login: `bulk.${i}@recon.test`,
        email: `bulk.${i}@recon.test`,
        firstName: `Bulk${i}`,
        lastName: 'Recon',
        userType: 'Customer',
        organization: org,
      }).id,
  );
}

describe('applying a plan', () => {
  it('uses Bulk API 2.0 upserts and updates at the bulk threshold, with per-record failures', async () => {
    const w = (world = await startWorld({ users: 40 }));
    const created = newCustomers(w, 5);
    const { service } = await buildService(w, {
      settings: { bulkThreshold: 1 },
      overrides: {
        write: (writes: readonly SalesforceWrite[]) => {
          if (writes.some((x) => x.object === 'Contact'))
            throw new Error('collections used for Contacts');
          return applyWrites(w.conn, writes);
        },
      },
    });
    const planned = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    const items = await allItems(service, planned.id);
    const active = new Set(w.seed.okta.users.filter((u) => u.status === 'ACTIVE').map((u) => u.id));
    const victim = items.find((i) => i.kind === 'update' && active.has(String(i.oktaUserId)));
    expect(planned.summary.creates).toBe(5);
    w.sf.db.delete('Contact', String(victim?.contactId));

    const applied = await applyToEnd(service, planned.id);
    expect(applied.status).toBe('APPLIED');
    const outcomes = (await allItems(service, planned.id)).filter((i) =>
      APPLIED_KINDS.includes(i.kind),
    );
    expect(outcomes.filter((i) => !i.outcome?.ok)).toEqual([
      expect.objectContaining({
        seq: victim?.seq,
        outcome: { ok: false, error: expect.stringContaining('ENTITY_IS_DELETED') },
      }),
    ]);
    expect(applied.progress).toMatchObject({ itemsApplied: outcomes.length - 1, itemsFailed: 1 });
    for (const id of created) expect(contactsOf(w, id)).toHaveLength(1);
    const createdItem = outcomes.find((i) => i.oktaUserId === created[0]);
    expect(createdItem?.outcome?.recordId).toBe(contactsOf(w, created[0] as string)[0]?.['Id']);

    // The Contact deleted under the plan is created again by the next run.
    const again = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(again.summary).toMatchObject({ creates: 1, updates: 0, links: 0, deactivations: 0 });
    expect(await allItems(service, again.id)).toEqual([
      expect.objectContaining({ kind: 'create', oktaUserId: victim?.oktaUserId }),
    ]);
  });

  it('resumes an apply interrupted by a crash without creating duplicate Contacts', async () => {
    const w = (world = await startWorld({ users: 40 }));
    const created = newCustomers(w, 250);
    const path = tempStorePath();
    const storeA = openSqliteStore({ path });
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    let runId = '';
    const serviceA = await createReconciliationService({
      okta: w.oktaClient,
      salesforce: w.conn,
      store: storeA.reconciliations,
      config: () => w.config,
      logger: silentLogger(),
      write: async (writes) => {
        const recorded =
          runId !== '' &&
          (await storeA.reconciliations.countItems(runId, {
            kinds: APPLIED_KINDS,
            pendingOnly: true,
          })) < (await storeA.reconciliations.countItems(runId, { kinds: APPLIED_KINDS }));
        const results = await applyWrites(w.conn, writes);
        if (!recorded) return results;
        // Written to Salesforce, then the process dies before recording the outcomes.
        crashed();
        return new Promise(() => undefined);
      },
    });
    const planned = await runToEnd(serviceA, { dryRun: true, trigger: 'cli' });
    runId = planned.id;
    const total = await storeA.reconciliations.countItems(runId, { kinds: APPLIED_KINDS });
    expect(planned.summary.creates).toBe(250);
    await serviceA.apply(runId, {});
    await crash;
    expect(serviceA.current()?.status).toBe('APPLYING');
    await storeA.close();

    const storeB = openSqliteStore({ path });
    let written = 0;
    const serviceB = await createReconciliationService({
      okta: w.oktaClient,
      salesforce: w.conn,
      store: storeB.reconciliations,
      config: () => w.config,
      logger: silentLogger(),
      write: (writes) => {
        written += writes.length;
        return applyWrites(w.conn, writes);
      },
    });
    expect(await serviceB.get(runId)).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('apply it again'),
    });
    const pendingAtResume = await storeB.reconciliations.countItems(runId, {
      kinds: APPLIED_KINDS,
      pendingOnly: true,
    });
    expect(pendingAtResume).toBeGreaterThan(0);
    expect(pendingAtResume).toBeLessThan(total);

    const resumed = await applyToEnd(serviceB, runId);
    expect(resumed.status).toBe('APPLIED');
    expect(written).toBe(pendingAtResume);
    expect(resumed.progress).toMatchObject({ itemsApplied: total, itemsFailed: 0 });
    for (const id of created) expect(contactsOf(w, id)).toHaveLength(1);
    expect(w.sf.db.count('Contact')).toBe(w.seed.salesforce.contacts.length + 250);
    await storeB.close();
  });

  it('slows down before the Okta rate limit and stops at the Salesforce API reserve', async () => {
    let clock = Date.parse('2026-02-01T10:00:30.000Z');
    const now = () => new Date(clock);
    const w = (world = await startWorld({ users: 600, okta: { now, rateLimits: { users: 3 } } }));
    const slept: number[] = [];
    const { service } = await buildService(w, {
      overrides: {
        now,
        sleep: (ms) => {
          slept.push(ms);
          clock += ms;
          return Promise.resolve();
        },
      },
    });
    const run = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(run).toMatchObject({ status: 'PLANNED', error: null });
    expect(run.progress.oktaUsersRead).toBe(w.seed.okta.users.length + 1); // and the token's owner
    expect(w.oktaRequests.length).toBeGreaterThan(3);
    expect(w.oktaStatuses.filter((s) => s === 429)).toEqual([]);
    expect(slept.length).toBeGreaterThan(0);

    w.sf.limits.used = Math.ceil(w.sf.limits.max * 0.85);
    const stopped = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(stopped.status).toBe('FAILED');
    expect(stopped.error).toContain('20% is kept for the real-time sync');
  });

  it('writes again, in calls of their own, the bulk rows another transaction held locked', async () => {
    // Bulk API 2.0 runs 200 rows a transaction: with every new Contact under one Account, the
    // second transaction's rows find the Account locked by the first (the window is shorter than
    // the first retry's wait, so the retry finds it free).
    const w = (world = await startWorld({
      users: 20,
      profile: endToEndProfile({ salesforce: { parentLock: { windowMs: 400, rate: 1 } } }),
    }));
    const { service } = await buildService(w, { settings: { bulkThreshold: 1 } });
    const created = newCustomers(w, 250);
    const planned = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(planned.summary.creates).toBe(250);
    const applied = await applyToEnd(service, planned.id);
    expect(applied.progress).toMatchObject({ itemsFailed: 0 });
    for (const id of created) expect(contactsOf(w, id)).toHaveLength(1);
  });

  it('reads and writes 2,000 users in about the minimum number of API calls', async () => {
    // Counted without row-lock contention: a refused row's retry is one more call, by design.
    const w = (world = await startWorld({
      users: 2000,
      profile: endToEndProfile({ salesforce: { parentLock: { windowMs: 0, rate: 0 } } }),
    }));
    const { service } = await buildService(w);
    const oktaBefore = w.oktaRequests.length;
    const sfBefore = w.sf.limits.used;
    const planned = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    const users = w.seed.okta.users;
    const deprovisioned = users.filter((u) => u.status === 'DEPROVISIONED').length;
    const listed = users.length - deprovisioned;
    expect(w.oktaRequests.length - oktaBefore).toBe(
      Math.ceil(listed / 200) + Math.max(1, Math.ceil(deprovisioned / 200)),
    );
    const contacts = w.seed.salesforce.contacts.length;
    const accounts = w.seed.salesforce.accounts.length;
    expect(w.sf.limits.used - sfBefore).toBe(
      Math.ceil(contacts / 2000) + Math.ceil(accounts / 2000),
    );

    const writes =
      planned.summary.creates +
      planned.summary.updates +
      planned.summary.links +
      planned.summary.deactivations;
    expect(planned.summary.creates).toBe(0);
    const beforeApply = w.sf.limits.used;
    const applied = await applyToEnd(service, planned.id);
    expect(applied.progress).toMatchObject({ itemsApplied: writes, itemsFailed: 0 });
    // Updates and links are one kind of write: 200 records per collection call.
    expect(w.sf.limits.used - beforeApply).toBe(Math.ceil(writes / 200));
  });
});
