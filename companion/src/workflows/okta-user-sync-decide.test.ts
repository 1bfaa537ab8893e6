import { describe, expect, it } from 'vitest';
import { describes, oktaUser } from '../mapping/mapping-test-fixtures.js';
import { DEFAULT_SYNC_SETTINGS } from '../mapping/settings.js';
import type { SyncConfig } from '../mapping/types.js';
import type { Job } from '../store/types.js';
import type { ContactPlan } from './contact-plan.js';
import { deactivatesActiveContact, decideContactPlans } from './okta-user-sync-decide.js';
import { userSyncJob, type UserSyncState } from './okta-user-sync-load.js';

const job = (id: number, userId: string, eventType: string, published: string): Job => ({
  id,
  subjectKey: `okta-user:${userId}`,
  kind: 'okta-user-sync',
  events: [
    {
      seq: id,
      source: 'okta-hook',
      eventId: `e${id}`,
      eventType,
      subjectKey: `okta-user:${userId}`,
      jobKind: 'okta-user-sync',
      occurredAt: published,
      receivedAt: published,
      payload: { eventType, published, userId },
    },
  ],
  attempts: 0,
  createdAt: published,
  availableAt: published,
  leaseUntil: null,
  lastError: null,
  lastErrorCode: null,
});

const config: SyncConfig = {
  mappings: [],
  accessRules: [],
  settings: { ...DEFAULT_SYNC_SETTINGS },
  problems: [],
  describes,
};

describe('Okta user sync: the decision', () => {
  it('reads event types and the latest publication from the job, without the store', () => {
    const sync = userSyncJob(job(1, '00u1', 'user.lifecycle.deactivate', '2026-01-01T00:00:00Z'));
    expect(sync).toMatchObject({
      userId: '00u1',
      eventTypes: ['user.lifecycle.deactivate'],
      lastEventAt: '2026-01-01T00:00:00Z',
    });
  });

  it('plans the deactivation of the linked Contact, which the guard then counts', () => {
    const state: UserSyncState = {
      users: new Map([['00u1', oktaUser({ id: '00u1', status: 'DEPROVISIONED' })]]),
      keysByUser: new Map([['00u1', [{ field: 'Okta_User_Id__c', value: '00u1' }]]]),
      candidates: [{ Id: '003000000000001', Okta_User_Id__c: '00u1', Okta_Status__c: 'ACTIVE' }],
      mapped: new Map(),
      accounts: { accountIds: new Map(), problems: new Map() },
      ownWrites: new Map(),
      agreed: new Map(),
    };
    const [planned] = decideContactPlans(
      [userSyncJob(job(1, '00u1', 'user.lifecycle.deactivate', '2026-01-01T00:00:00Z'))],
      state,
      config,
      () => true,
      '2026-01-01T00:00:01Z',
    );
    expect(planned?.plan).toMatchObject({ contactId: '003000000000001', deprovisioned: true });
    expect(planned && deactivatesActiveContact(planned.plan)).toBe(true);
  });

  it('does not count a Contact that is already deprovisioned', () => {
    const plan: ContactPlan = {
      userId: '00u1',
      outcome: 'updated',
      reason: '',
      write: { op: 'update', object: 'Contact', record: { Id: '003000000000001' } },
      contactId: '003000000000001',
      changes: [
        { object: 'Contact', field: 'Okta_Status__c', before: 'SUSPENDED', after: 'DEPROVISIONED' },
      ],
      issues: [],
      status: 'DEPROVISIONED',
      deprovisioned: true,
      reactivated: false,
    };
    expect(deactivatesActiveContact(plan)).toBe(false);
    expect(
      deactivatesActiveContact({
        ...plan,
        changes: [
          { object: 'Contact', field: 'Okta_Status__c', before: 'ACTIVE', after: 'DEPROVISIONED' },
        ],
      }),
    ).toBe(true);
  });
});
