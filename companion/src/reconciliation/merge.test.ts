import { afterEach, describe, expect, it } from 'vitest';
import { describes, fieldMapping } from '../mapping/mapping-test-fixtures.js';
import { DEFAULT_SYNC_SETTINGS } from '../mapping/settings.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import type { StoredPlanItem } from '../store/types.js';
import type { ContactRow } from '../workflows/contact-plan.js';
import { openContactIndex, type ContactIndex } from './contact-index.js';
import { contactKeyFields, contactSoql, mergeAndPlan, type MergeSources } from './merge.js';

const config: SyncConfig = {
  mappings: [
    fieldMapping({
      name: 'Id',
      field: 'Okta_User_Id__c',
      oktaAttribute: 'id',
      isMatchKey: true,
      matchPriority: 1,
    }),
    fieldMapping({
      name: 'Email',
      field: 'Email',
      oktaAttribute: 'profile.email',
      transform: 'LOWER',
      isMatchKey: true,
      matchPriority: 2,
    }),
    fieldMapping({
      name: 'First',
      field: 'FirstName',
      oktaAttribute: 'profile.firstName',
      transform: 'TRIM',
    }),
    fieldMapping({
      name: 'Last',
      field: 'LastName',
      oktaAttribute: 'profile.lastName',
      transform: 'TRIM',
    }),
    fieldMapping({
      name: 'Title',
      field: 'Title',
      oktaAttribute: 'profile.title',
      transform: 'TRIM',
    }),
  ],
  accessRules: [],
  settings: { ...DEFAULT_SYNC_SETTINGS },
  problems: [],
  describes,
};

let n = 0;
function uid(label: string): string {
  n += 1;
  return `00u${label.padEnd(13, 'x')}${String(n).padStart(4, '0')}`.slice(0, 20);
}

function user(
  id: string,
  name: string,
  overrides: Partial<OktaUserSnapshot> = {},
  profile: Record<string, unknown> = {},
): OktaUserSnapshot {
  return {
    id,
    status: 'ACTIVE',
    created: null,
    activated: null,
    statusChanged: null,
    lastLogin: null,
    lastUpdated: null,
    passwordChanged: null,
    profile: {
      login: `${name}@example.test`,
      email: `${name}@example.test`,
      firstName: name,
      lastName: 'Test',
      title: 'Analyst',
      userType: 'Customer',
      organization: 'Acme',
      ...profile,
    },
    ...overrides,
  };
}

function contact(
  id: string,
  name: string,
  link: string | null,
  extra: Partial<ContactRow> = {},
): ContactRow {
  return {
    Id: id,
    Okta_User_Id__c: link,
    Email: `${name}@example.test`,
    FirstName: name,
    LastName: 'Test',
    Title: 'Analyst',
    Okta_Status__c: link ? 'ACTIVE' : null,
    Okta_Sync_Status__c: link ? 'Synced' : 'Not Linked',
    Okta_Sync_Error__c: null,
    AccountId: '001ACME',
    ...extra,
  };
}

async function* pages<T>(list: readonly T[], size: number): AsyncIterable<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

let index: ContactIndex | undefined;
afterEach(() => index?.close());

async function plan(input: {
  users: OktaUserSnapshot[];
  contacts: ContactRow[];
  oktaHas?: OktaUserSnapshot[];
  accounts?: { Id: string; Okta_Organization_Key__c: string }[];
}) {
  index = openContactIndex({ keyFields: contactKeyFields(config) });
  const stored: StoredPlanItem[] = [];
  const confirmed: string[][] = [];
  const sources: MergeSources = {
    contactPages: () => pages(input.contacts, 3),
    accountPages: () =>
      pages(input.accounts ?? [{ Id: '001ACME', Okta_Organization_Key__c: 'acme' }], 2),
    userPages: () => pages(input.users, 2),
    confirmUsers: (ids) => {
      confirmed.push([...ids]);
      return Promise.resolve(
        new Map(ids.map((id) => [id, input.oktaHas?.find((u) => u.id === id) ?? null])),
      );
    },
  };
  const progress: number[] = [];
  const result = await mergeAndPlan({
    config,
    sources,
    index,
    syncedAt: '2026-02-01T00:00:00.000Z',
    sink: {
      emit: async (items) => {
        stored.push(...items.map((i) => structuredClone(i)));
      },
      replace: async (item) => {
        stored.splice(
          stored.findIndex((s) => s.seq === item.seq),
          1,
          item,
        );
      },
      item: async (seq) => stored.find((s) => s.seq === seq),
      progress: async (c) => {
        progress.push(c.oktaUsersRead);
      },
    },
  });
  const byUser = (id: string) => stored.filter((i) => i.oktaUserId === id);
  return { result, stored, byUser, confirmed, progress };
}

describe('contactSoql', () => {
  it('selects linked or matchable Contacts with the mapped, key and status fields', () => {
    expect(contactSoql(config)).toBe(
      'SELECT Id, Okta_User_Id__c, Okta_Status__c, Okta_Sync_Status__c, Okta_Sync_Error__c, Okta_Last_Event_At__c, ' +
        'Okta_MFA_Reset_At__c, AccountId, Email, FirstName, LastName, Title FROM Contact ' +
        'WHERE Okta_User_Id__c != null OR Email != null',
    );
  });
});

describe('mergeAndPlan', () => {
  it('plans each kind of difference the way the real-time decision does', async () => {
    const create = user(uid('create'), 'newbie');
    const newOrg = user(uid('neworg'), 'founder', {}, { organization: 'Brand New Co' });
    const update = user(uid('update'), 'promoted', {}, { title: 'Director' });
    const link = user(uid('link'), 'unlinked');
    const gone = user(uid('deprov'), 'leaver', { status: 'DEPROVISIONED' });
    const suspended = user(uid('susp'), 'paused', { status: 'SUSPENDED' });
    const same = user(uid('same'), 'steady');
    const employee = user(uid('emp'), 'staff', {}, { userType: 'Employee' });
    const deletedId = uid('deleted');
    const { result, byUser, stored } = await plan({
      users: [create, newOrg, update, link, same, employee, gone, suspended],
      contacts: [
        contact('003UPDATE', 'promoted', update.id),
        contact('003LINK', 'unlinked', null),
        contact('003GONE', 'leaver', gone.id),
        contact('003PAUSED', 'paused', suspended.id),
        contact('003SAME', 'steady', same.id),
        contact('003DELETED', 'ghost', deletedId),
        contact('003UNRELATED', 'nobody', null),
      ],
    });

    const [created] = byUser(create.id);
    expect(created).toMatchObject({
      kind: 'create',
      contactId: null,
      login: 'newbie@example.test',
    });
    expect(created?.write).toMatchObject({ op: 'upsert', externalIdField: 'Okta_User_Id__c' });
    expect(created?.write?.op === 'upsert' && created.write.record['AccountId']).toBe('001ACME');
    expect(created?.changes).toContainEqual({
      field: 'Email',
      before: null,
      after: 'newbie@example.test',
    });

    expect(byUser(newOrg.id)[0]).toMatchObject({
      kind: 'create',
      account: { name: 'Brand New Co', before: null },
    });

    expect(byUser(update.id)).toEqual([
      expect.objectContaining({
        kind: 'update',
        contactId: '003UPDATE',
        changes: [{ field: 'Title', before: 'Analyst', after: 'Director' }],
      }),
    ]);
    expect(byUser(link.id)[0]).toMatchObject({ kind: 'link', contactId: '003LINK' });
    expect(byUser(link.id)[0]?.changes).toContainEqual({
      field: 'Okta_User_Id__c',
      before: null,
      after: link.id,
    });

    for (const [u, id, status] of [
      [gone, '003GONE', 'DEPROVISIONED'],
      [suspended, '003PAUSED', 'SUSPENDED'],
      [{ id: deletedId }, '003DELETED', 'DELETED'],
    ] as const) {
      expect(byUser(u.id)).toEqual([
        expect.objectContaining({
          kind: 'deactivate',
          contactId: id,
          changes: expect.arrayContaining([
            { field: 'Okta_Status__c', before: 'ACTIVE', after: status },
          ]),
        }),
      ]);
    }
    expect(byUser(same.id)).toEqual([]);
    expect(byUser(employee.id)).toEqual([]);
    expect(stored.some((i) => i.contactId === '003UNRELATED')).toBe(false);
    expect(result.summary).toEqual({
      creates: 2,
      updates: 1,
      links: 1,
      deactivations: 3,
      conflicts: 0,
      unchanged: 1,
      skipped: 1,
    });
    expect(result.linkedContacts).toBe(5);
    expect(stored.map((i) => i.seq)).toEqual(stored.map((_, i) => i + 1));
  });

  it('raises conflicts it will not decide alone', async () => {
    const twins = user(uid('twins'), 'twin');
    const dup = user(uid('dup'), 'dup');
    const shared1 = user(uid('shareda'), 'shared-a', {}, { email: 'shared@example.test' });
    const shared2 = user(uid('sharedb'), 'shared-b', {}, { email: 'shared@example.test' });
    const orphanId = uid('orphan');
    const { byUser, result, stored } = await plan({
      users: [twins, dup, shared1, shared2],
      contacts: [
        contact('003TWIN1', 'twin', null),
        contact('003TWIN2', 'twin', null),
        contact('003DUP1', 'dup', dup.id),
        contact('003DUP2', 'dup', dup.id),
        contact('003SHARED', 'shared', null),
        contact('003BAD', 'bad', 'not-an-okta-id'),
        contact('003ORPH1', 'orphan', orphanId),
        contact('003ORPH2', 'orphan', orphanId),
      ],
    });
    expect(byUser(twins.id)[0]).toMatchObject({ kind: 'conflict', write: null });
    expect(byUser(twins.id)[0]?.reason).toContain('003TWIN1, 003TWIN2');
    expect(byUser(dup.id)[0]).toMatchObject({ kind: 'conflict' });
    // Both users matching the one unlinked Contact: neither is linked.
    expect(byUser(shared1.id)[0]).toMatchObject({ kind: 'conflict', contactId: '003SHARED' });
    expect(byUser(shared2.id)[0]).toMatchObject({ kind: 'conflict', contactId: '003SHARED' });
    expect(byUser('not-an-okta-id')[0]?.reason).toContain('not an Okta user id');
    expect(byUser(orphanId)[0]).toMatchObject({ kind: 'conflict', contactId: '003ORPH1' });
    expect(result.summary.conflicts).toBe(6);
    expect(result.summary.links).toBe(0);
    expect(stored.every((i) => i.kind === 'conflict')).toBe(true);
  });

  it('asks Okta about unlisted links and decides users it still has like listed ones', async () => {
    const missed = user(uid('missed'), 'missed', { status: 'DEPROVISIONED' });
    const listedTwice = user(uid('twice'), 'twice', {}, { title: 'Lead' });
    const { byUser, confirmed, progress } = await plan({
      users: [listedTwice, listedTwice],
      contacts: [
        contact('003MISSED', 'missed', missed.id),
        contact('003TWICE', 'twice', listedTwice.id),
      ],
      oktaHas: [missed],
    });
    expect(confirmed).toEqual([[missed.id]]);
    expect(byUser(missed.id)[0]).toMatchObject({ kind: 'deactivate', contactId: '003MISSED' });
    expect(byUser(missed.id)[0]?.reason).toContain('DEPROVISIONED');
    expect(byUser(listedTwice.id)).toHaveLength(1);
    expect(progress.at(-1)).toBe(3);
  });

  it('leaves an already inactive Contact of a deleted user without a deactivation', async () => {
    const goneId = uid('gone');
    const { byUser, result } = await plan({
      users: [],
      contacts: [contact('003OLD', 'old', goneId, { Okta_Status__c: 'DEPROVISIONED' })],
    });
    expect(byUser(goneId)[0]).toMatchObject({
      kind: 'update',
      changes: [{ field: 'Okta_Status__c', before: 'DEPROVISIONED', after: 'DELETED' }],
    });
    expect(result.deactivations).toBe(0);
  });
});
