import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../../sandbox/okta/sdk-client.js';
import type { AuditEntry } from '../../store/types.js';
import {
  AGENT_ID,
  CASE_ID,
  CURRENT_SECRET,
  GROUPS,
  OKTA_SEED,
  startApiHarness,
  USERS,
  type ApiHarness,
  type ErrorAnswer,
} from './api-test-fixtures.js';
import type { UserStatusView } from '../../services/user-status.js';
import { planUserAction } from '../../services/user-actions.js';

const sdkFor = (e: OktaEmulator) => oktaSdkClient(e.url, { token: e.token }, { maxRetries: 0 });
let emulator: OktaEmulator;
let h: ApiHarness;
beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: OKTA_SEED });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  h = await startApiHarness(sdkFor(emulator));
});
afterEach(() => h.close());

const syncEntry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: `id-${Math.random()}`,
  eventId: `ev-${Math.random()}`,
  correlationId: 'c1',
  direction: 'OKTA_TO_SALESFORCE',
  operation: 'contact-upsert',
  status: 'SUCCESS',
  attempts: 1,
  oktaUserId: USERS.active,
  occurredAt: '2025-06-01T10:00:00.000Z',
  ...overrides,
});

describe('GET users/:idOrLogin/status', () => {
  it('shows the live Okta user, factors, groups (managed marked) and the sync block', async () => {
    await h.store.audit.record(
      syncEntry({ eventId: 'e1', occurredAt: '2025-06-01T09:00:00.000Z' }),
    );
    await h.store.audit.record(
      syncEntry({
        eventId: 'e2',
        status: 'FAILED',
        error: 'Contact is locked',
        occurredAt: '2025-06-01T10:00:00.000Z',
      }),
    );
    await h.store.audit.record(
      syncEntry({
        eventId: 'e3',
        direction: 'ACTION',
        operation: 'okta-unlock',
        occurredAt: '2025-06-01T11:00:00.000Z',
      }),
    );

    const res = await h.call(`/users/${USERS.active}/status`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as UserStatusView;
    expect(body.user).toEqual({
      id: USERS.active,
      login: 'ada@example.com',
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Tester',
      status: 'ACTIVE',
      created: '2025-01-02T03:04:05.000Z',
      activated: '2025-01-02T03:04:05.000Z',
      statusChanged: '2025-01-03T00:00:00.000Z',
      lastLogin: '2025-02-01T08:00:00.000Z',
      passwordChanged: '2025-01-02T03:04:05.000Z',
      lockedOut: false,
    });
    expect(body.factors).toEqual(
      expect.arrayContaining([
        {
          id: 'mfa1totp000000000001',
          factorType: 'token:software:totp',
          provider: 'GOOGLE',
          status: 'ACTIVE',
        },
        { id: 'opf1push000000000001', factorType: 'push', provider: 'OKTA', status: 'ACTIVE' },
      ]),
    );
    expect(body.factors).toHaveLength(2);
    expect(body.groups).toEqual(
      expect.arrayContaining([
        { id: GROUPS.managed, name: 'EMEA Sales', managed: true },
        { id: GROUPS.unmanaged, name: 'Everyone Else', managed: false },
        // Every Okta user belongs to the org's built-in Everyone group.
        expect.objectContaining({ name: 'Everyone', managed: false }),
      ]),
    );
    expect(body.groups).toHaveLength(3);
    expect(body.sync.lastSyncedAt).toBe('2025-06-01T12:00:00.000Z');
    expect(body.sync.lastStatus).toBe('FAILED');
    expect(body.sync.lastError).toBe('Contact is locked');
    expect(body.sync.recent.map((e) => e.eventId)).toEqual(['e3', 'e2', 'e1']);
  });

  it('finds the user by login and marks a locked-out user', async () => {
    const res = await h.call('/users/lou@example.com/status');
    expect(res.status).toBe(200);
    const body = (await res.json()) as UserStatusView;
    expect(body.user).toMatchObject({ id: USERS.locked, status: 'LOCKED_OUT', lockedOut: true });
    expect(body.sync).toEqual({
      lastSyncedAt: null,
      lastStatus: null,
      lastError: null,
      recent: [],
    });
  });

  it('answers 404 NOT_FOUND when Okta has no such user', async () => {
    const res = await h.call('/users/nobody@example.com/status');
    expect(res.status).toBe(404);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toBe(
      'No Okta user synced by Okta Sync has the id or login "nobody@example.com".',
    );
  });

  it('answers 503 UNAVAILABLE when Okta fails', async () => {
    emulator.faults.error('/api/v1/users/*', 500);
    const res = await h.call(`/users/${USERS.active}/status`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorAnswer).error.code).toBe('UNAVAILABLE');
  });

  it('rejects an id with a slash or spaces', async () => {
    const res = await h.call(`/users/${encodeURIComponent('a b')}/status`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toEqual([{ path: 'idOrLogin', message: expect.any(String) }]);
  });
});

describe('POST users/:id/actions/:action', () => {
  const act = (
    id: string,
    action: string,
    json: unknown = { caseId: CASE_ID, reason: 'Locked out at login' },
  ) => h.call(`/users/${id}/actions/${action}`, { json });

  it('unlocks a locked-out user, answers the new status and journals the action', async () => {
    const res = await act(USERS.locked, 'unlock');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { action: string; status: string; auditId: string };
    expect(body).toEqual({ action: 'unlock', status: 'ACTIVE', auditId: expect.any(String) });
    expect(emulator.state.users.get(USERS.locked)?.status).toBe('ACTIVE');
    expect(await h.store.audit.get(body.auditId)).toMatchObject({
      direction: 'ACTION',
      operation: 'okta-unlock',
      status: 'SUCCESS',
      actor: AGENT_ID,
      caseId: CASE_ID,
      oktaUserId: USERS.locked,
      fieldChanges: [
        {
          object: 'OktaUser',
          recordId: USERS.locked,
          field: 'status',
          before: 'LOCKED_OUT',
          after: 'ACTIVE',
        },
      ],
    });
  });

  it('answers 409 INVALID_STATE when Okta refuses to unlock an active user, and journals the failure', async () => {
    const res = await act(USERS.active, 'unlock');
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error.code).toBe('INVALID_STATE');
    expect(body.error.message).toBe('The user is not locked out (status ACTIVE).');
    expect(body.error.details).toMatchObject({ oktaErrorCode: 'E0000032', status: 'ACTIVE' });
    const [entry] = await h.store.audit.latestFor({ oktaUserId: USERS.active }, 1);
    expect(entry).toMatchObject({
      operation: 'okta-unlock',
      status: 'FAILED',
      error: 'The user is not locked out (status ACTIVE).',
      actor: AGENT_ID,
      caseId: CASE_ID,
    });
  });

  it('suspends an active user and unsuspends a suspended one; the wrong way round is 409', async () => {
    const suspended = await act(USERS.active, 'suspend', {});
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ action: 'suspend', status: 'SUSPENDED' });

    const again = await act(USERS.active, 'suspend', {});
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorAnswer).error.message).toBe(
      'Only an active user can be suspended; the user is SUSPENDED.',
    );

    const back = await act(USERS.active, 'unsuspend', {});
    expect(await back.json()).toMatchObject({ action: 'unsuspend', status: 'ACTIVE' });
    const wrong = await act(USERS.active, 'unsuspend', {});
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as ErrorAnswer).error.message).toBe(
      'The user is not suspended (status ACTIVE).',
    );
  });

  it('resets MFA factors through Okta', async () => {
    const res = await act(USERS.active, 'reset-factors');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ action: 'reset-factors', status: 'ACTIVE' });
    expect(emulator.state.users.get(USERS.active)?.factors).toEqual([]);
    const status = (await (await h.call(`/users/${USERS.active}/status`)).json()) as UserStatusView;
    expect(status.factors).toEqual([]);
  });

  it('resends activation to a PROVISIONED user with Okta reactivate, and to a STAGED user with activate', async () => {
    const provisioned = await act(USERS.provisioned, 'resend-activation', {});
    expect(provisioned.status).toBe(200);
    expect(await provisioned.json()).toMatchObject({ status: 'PROVISIONED' });
    const reactivations = emulator.state.logs.filter(
      (e) =>
        e.eventType === 'user.lifecycle.reactivate' &&
        e.target?.some((t) => t.id === USERS.provisioned),
    );
    expect(reactivations).toHaveLength(1);

    const staged = await act(USERS.staged, 'resend-activation', {});
    expect(staged.status).toBe(200);
    expect(await staged.json()).toMatchObject({ status: 'PROVISIONED' });
  });

  it('never reactivates a deactivated user through resend-activation', async () => {
    const res = await act(USERS.deprovisioned, 'resend-activation', {});
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error.code).toBe('INVALID_STATE');
    expect(body.error.message).toMatch(/deactivated/);
    expect(emulator.state.users.get(USERS.deprovisioned)?.status).toBe('DEPROVISIONED');
    expect(
      (await h.store.audit.latestFor({ oktaUserId: USERS.deprovisioned }, 1))[0],
    ).toMatchObject({
      operation: 'okta-resend-activation',
      status: 'FAILED',
    });
  });

  it('accepts an empty JSON body', async () => {
    const res = await h.rawRequest(`/users/${USERS.locked}/actions/unlock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CURRENT_SECRET}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
  });

  it('answers 404 for an action on a user Okta does not have', async () => {
    const res = await act('00unobody00000000000', 'unlock');
    expect(res.status).toBe(404);
  });

  it('validates the action, the Case id and the reason', async () => {
    const unknown = await act(USERS.active, 'delete');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorAnswer).error.details).toEqual([
      {
        path: 'action',
        message:
          'action must be one of unlock, reset-factors, resend-activation, suspend, unsuspend.',
      },
    ]);
    const badBody = await act(USERS.active, 'unlock', {
      caseId: '003000000000001AAA',
      reason: 'x'.repeat(300),
    });
    expect(badBody.status).toBe(400);
    const details = ((await badBody.json()) as ErrorAnswer).error.details as { path: string }[];
    expect(details.map((d) => d.path).sort()).toEqual(['caseId', 'reason']);
    expect(emulator.state.users.get(USERS.active)?.status).toBe('ACTIVE');
  });
});

describe('only the users the product syncs', () => {
  it('never takes `me` for a user: 404, not the token owner and not a 500', async () => {
    for (const ref of ['me', 'ME']) {
      const status = await h.call(`/users/${ref}/status`);
      expect(status.status).toBe(404);
      expect(((await status.json()) as ErrorAnswer).error.code).toBe('NOT_FOUND');
      const action = await h.call(`/users/${ref}/actions/suspend`, { method: 'POST', json: {} });
      expect(action.status).toBe(404);
    }
  });

  it('answers 404 for an employee outside the Contact filter and linked to no Contact', async () => {
    for (const ref of [USERS.employee, 'eve@example.com']) {
      const res = await h.call(`/users/${encodeURIComponent(ref)}/status`);
      expect(res.status).toBe(404);
    }
    const suspend = await h.call(`/users/${USERS.employee}/actions/suspend`, {
      method: 'POST',
      json: {},
    });
    expect(suspend.status).toBe(404);
    expect(emulator.state.users.get(USERS.employee)?.status).toBe('ACTIVE');
  });

  it('serves an employee a Contact links, and refuses actions on an Okta administrator', async () => {
    h.salesforce.contacts.push(
      { Id: '003000000000009AAA', Okta_User_Id__c: USERS.employee },
      { Id: '003000000000010AAA', Okta_User_Id__c: USERS.admin },
    );
    expect((await h.call(`/users/${USERS.employee}/status`)).status).toBe(200);
    expect((await h.call(`/users/${USERS.admin}/status`)).status).toBe(200);
    const suspend = await h.call(`/users/${USERS.admin}/actions/suspend`, {
      method: 'POST',
      json: {},
    });
    expect(suspend.status).toBe(403);
    expect(((await suspend.json()) as ErrorAnswer).error.message).toMatch(
      /holds the admin role SUPER_ADMIN/,
    );
    expect(emulator.state.users.get(USERS.admin)?.status).toBe('ACTIVE');
  });
});

describe('planUserAction', () => {
  it('maps resend-activation by status and refuses the rest', () => {
    expect(planUserAction('resend-activation', 'PROVISIONED')).toEqual({ call: 'reactivateUser' });
    expect(planUserAction('resend-activation', 'RECOVERY')).toEqual({ call: 'reactivateUser' });
    expect(planUserAction('resend-activation', 'STAGED')).toEqual({ call: 'activateUser' });
    expect(planUserAction('resend-activation', 'ACTIVE')).toEqual({
      refused: 'The user has no pending activation (status ACTIVE).',
    });
    expect(planUserAction('unlock', 'ACTIVE')).toEqual({ call: 'unlockUser' });
  });
});
