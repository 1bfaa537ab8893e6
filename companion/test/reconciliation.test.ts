import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import type { OktaClient } from '../src/okta/client.js';
import {
  allItems,
  applyToEnd,
  buildService,
  runToEnd,
  startWorld,
  type World,
} from './reconciliation-harness.js';

let world: World;

beforeAll(async () => {
  world = await startWorld({ users: 60 });
});
afterAll(async () => {
  await world?.close();
});

const contactsOf = (oktaUserId: string) =>
  world.sf.db.find(
    'Contact',
    (c) => String(c['Okta_User_Id__c'] ?? '').toLowerCase() === oktaUserId.toLowerCase(),
  );

function customerProfile(name: string, organization: string) {
  return {
    login: `${name}@recon.test`,
    email: `${name}@recon.test`,
    firstName: name,
    lastName: 'Recon',
    userType: 'Customer',
    organization,
    title: 'Buyer',
  };
}

describe('reconciliation against the emulators', () => {
  it('converges: an applied plan leaves nothing to do on the next run', async () => {
    const { service } = await buildService(world);
    const first = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(first.status).toBe('PLANNED');
    // The seed's users and the owner of the companion's API token, an Okta user like any other.
    expect(first.progress.oktaUsersRead).toBe(world.seed.okta.users.length + 1);
    expect(first.progress.contactsRead).toBe(world.seed.salesforce.contacts.length);
    expect(first.summary.links).toBeGreaterThan(0);
    expect(first.summary.deactivations).toBe(0);
    expect(world.sf.db.count('Contact')).toBe(world.seed.salesforce.contacts.length);

    const applied = await applyToEnd(service, first.id);
    expect(applied).toMatchObject({ status: 'APPLIED', error: null });
    expect(applied.progress.itemsFailed).toBe(0);
    expect(applied.progress.itemsApplied).toBe(
      first.summary.creates +
        first.summary.updates +
        first.summary.links +
        first.summary.deactivations,
    );

    const second = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(second.summary).toMatchObject({
      creates: 0,
      updates: 0,
      links: 0,
      deactivations: 0,
      conflicts: 0,
    });
    expect(await allItems(service, second.id)).toEqual([]);
  });

  it('waits out Okta 429s past the SDK retries (X-Rate-Limit-Reset) and goes on', async () => {
    // The SDK as the companion and the CLI build it: two retries of its own.
    const okta = oktaSdkClient(world.okta.url, { token: world.okta.token }, { maxRetries: 2 });
    const statuses: number[] = [];
    okta.requestExecutor.on('response', (r: { status: number }) => statuses.push(r.status));
    const { service } = await buildService(world, { overrides: { okta: okta as OktaClient } });
    const calm = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(calm.status).toBe('PLANNED');
    statuses.length = 0;

    // The README's example: the next 3 calls listing users answer 429; then 3 more at a page.
    world.okta.faults.error('GET /api/v1/users*', 429, { times: 3 });
    const run = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(run).toMatchObject({ status: 'PLANNED', error: null });
    expect(run.summary).toEqual(calm.summary);
    expect(run.progress.oktaUsersRead).toBe(world.seed.okta.users.length + 1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);

    world.okta.faults.error('GET /api/v1/users*', 429, { times: 4, resetOffsetSeconds: -1 });
    const again = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(again).toMatchObject({ status: 'PLANNED', error: null });
    expect(again.summary).toEqual(calm.summary);
    world.okta.faults.clear();
  });

  it('still fails on an Okta error that is not a rate limit', async () => {
    const { service } = await buildService(world);
    world.okta.faults.error('GET /api/v1/users*', 500, { times: 1 });
    const run = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    world.okta.faults.clear();
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/500/);
  });

  it('plans each kind of difference, refuses a plan over the guard, and applies it once confirmed', async () => {
    const { service } = await buildService(world, {
      settings: { blastRadiusMinContacts: 1, blastRadiusPercent: 1 },
    });
    const org = world.seed.salesforce.accounts[0] as { Id: string; Name: string };
    const customers = world.seed.okta.users.filter(
      (u) =>
        u.profile.userType === 'Customer' && u.status === 'ACTIVE' && contactsOf(u.id).length === 1,
    );
    const [promoted, leaver, deleted] = customers;
    if (!promoted || !leaver || !deleted) throw new Error('the seed has too few customers');

    const created = world.okta.createUserDirect(customerProfile('newcomer', org.Name));
    const toLink = world.okta.createUserDirect(customerProfile('existing', org.Name));
    const ambiguous = world.okta.createUserDirect(customerProfile('twin', org.Name));
    const newOrg = world.okta.createUserDirect(customerProfile('founder', 'Recon Startup'));
    world.okta.updateUserDirect(promoted.id, { title: 'Chief Buyer' });
    world.okta.setUserStatus(leaver.id, 'DEPROVISIONED');
    world.okta.deleteUserDirect(deleted.id);
    const linkId = world.sf.db.insert('Contact', {
      LastName: 'Recon',
      FirstName: 'existing',
      Email: 'existing@recon.test',
    });
    world.sf.db.insert('Contact', { LastName: 'Recon', Email: 'twin@recon.test' });
    world.sf.db.insert('Contact', { LastName: 'Recon', Email: 'twin@recon.test' });
    const bogusId = world.sf.db.insert('Contact', {
      LastName: 'Bogus',
      Okta_User_Id__c: 'legacy-42',
      Okta_Status__c: 'ACTIVE',
    });

    const planned = await runToEnd(service, { dryRun: true, trigger: 'api', requestedBy: 'admin' });
    expect(planned.status).toBe('PLANNED');
    const items = await allItems(service, planned.id);
    const of = (id: string) => items.filter((i) => i.oktaUserId === id);
    expect(of(created.id)).toEqual([expect.objectContaining({ kind: 'create', contactId: null })]);
    expect(of(newOrg.id)).toEqual([
      expect.objectContaining({ kind: 'create', account: { name: 'Recon Startup', before: null } }),
    ]);
    expect(of(toLink.id)).toEqual([expect.objectContaining({ kind: 'link', contactId: linkId })]);
    expect(of(ambiguous.id)).toEqual([
      expect.objectContaining({ kind: 'conflict', contactId: null }),
    ]);
    expect(of(promoted.id)).toEqual([
      expect.objectContaining({
        kind: 'update',
        changes: [{ field: 'Title', before: promoted.profile.title, after: 'Chief Buyer' }],
      }),
    ]);
    expect(of(leaver.id)).toEqual([
      expect.objectContaining({
        kind: 'deactivate',
        changes: expect.arrayContaining([
          { field: 'Okta_Status__c', before: 'ACTIVE', after: 'DEPROVISIONED' },
        ]),
      }),
    ]);
    expect(of(deleted.id)).toEqual([
      expect.objectContaining({
        kind: 'deactivate',
        changes: expect.arrayContaining([
          { field: 'Okta_Status__c', before: 'ACTIVE', after: 'DELETED' },
        ]),
      }),
    ]);
    expect(items.find((i) => i.contactId === bogusId)).toMatchObject({
      kind: 'conflict',
      oktaUserId: 'legacy-42',
    });
    expect(planned.guard).toMatchObject({ deactivations: 2, threshold: 1, exceeded: true });

    const refused = await applyToEnd(service, planned.id);
    expect(refused.status).toBe('REFUSED');
    expect(refused.error).toContain('more than the limit of 1');
    expect(contactsOf(created.id)).toEqual([]);

    const applied = await applyToEnd(service, planned.id, { confirmDeactivations: true });
    expect(applied.status).toBe('APPLIED');
    expect(applied.progress.itemsFailed).toBe(0);
    expect(contactsOf(created.id)).toEqual([
      expect.objectContaining({ Email: 'newcomer@recon.test', AccountId: org.Id }),
    ]);
    const [founder] = contactsOf(newOrg.id);
    const startup = world.sf.db.find(
      'Account',
      (a) => a['Okta_Organization_Key__c'] === 'recon startup',
    );
    expect(startup).toHaveLength(1);
    expect(founder?.['AccountId']).toBe(startup[0]?.['Id']);
    expect(world.sf.db.get('Contact', linkId)?.['Okta_User_Id__c']).toBe(toLink.id);
    expect(contactsOf(leaver.id)[0]?.['Okta_Status__c']).toBe('DEPROVISIONED');
    expect(contactsOf(deleted.id)[0]?.['Okta_Status__c']).toBe('DELETED');
    expect(contactsOf(promoted.id)[0]?.['Title']).toBe('Chief Buyer');
    expect(world.sf.db.get('Contact', bogusId)?.['Okta_Status__c']).toBe('ACTIVE');
    expect(
      (await allItems(service, planned.id)).find((i) => i.oktaUserId === created.id)?.outcome,
    ).toMatchObject({ ok: true });

    const after = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    expect(after.summary).toMatchObject({
      creates: 0,
      updates: 0,
      links: 0,
      deactivations: 0,
      conflicts: 2,
    });
  });

  it('refuses a second run while one is in progress', async () => {
    const { service } = await buildService(world);
    const first = await service.start({ dryRun: true, trigger: 'api' });
    await expect(service.start({ dryRun: true, trigger: 'api' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'CONFLICT',
    });
    await expect(service.apply(first.id, {})).rejects.toMatchObject({ kind: 'conflict' });
    expect(service.current()?.id).toBe(first.id);
    await service.whenSettled(first.id);
    expect(service.current()).toBeUndefined();
  });

  it('records per-record failures on their items and applies the rest', async () => {
    const { service } = await buildService(world);
    const a = world.okta.createUserDirect(customerProfile('failing-a', 'Failure Co'));
    const b = world.okta.createUserDirect(customerProfile('failing-b', 'Failure Co'));
    const stale = world.seed.okta.users.find(
      (u) =>
        u.status === 'ACTIVE' && u.profile.userType === 'Customer' && contactsOf(u.id).length === 1,
    );
    if (!stale) throw new Error('no customer');
    world.okta.updateUserDirect(stale.id, { title: 'Stale Title' });
    const planned = await runToEnd(service, { dryRun: true, trigger: 'cli' });
    const items = await allItems(service, planned.id);
    expect(
      items
        .filter((i) => i.kind === 'create')
        .map((i) => i.oktaUserId)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    const staleItem = items.find((i) => i.oktaUserId === stale.id);
    expect(staleItem?.kind).toBe('update');
    // The Contact is deleted between the plan and its application.
    world.sf.db.delete('Contact', String(staleItem?.contactId));

    const applied = await applyToEnd(service, planned.id);
    expect(applied.status).toBe('APPLIED');
    expect(applied.progress).toMatchObject({ itemsApplied: 2, itemsFailed: 1 });
    expect(applied.error).toContain('1 plan items failed');
    const outcome = (await allItems(service, planned.id)).find(
      (i) => i.oktaUserId === stale.id,
    )?.outcome;
    expect(outcome).toMatchObject({
      ok: false,
      error: expect.stringContaining('ENTITY_IS_DELETED'),
    });
    expect(contactsOf(a.id)).toHaveLength(1);
    expect(contactsOf(b.id)).toHaveLength(1);
    expect(
      world.sf.db.find('Account', (x) => x['Okta_Organization_Key__c'] === 'failure co'),
    ).toHaveLength(1);
  });
});
