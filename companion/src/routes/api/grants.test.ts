import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../../sandbox/okta/sdk-client.js';
import {
  AGENT_ID,
  CASE_ID,
  CURRENT_SECRET,
  GROUPS,
  OKTA_SEED,
  startApiHarness,
  type ApiHarness,
  type ErrorAnswer,
} from './api-test-fixtures.js';

let emulator: OktaEmulator;
let h: ApiHarness;
beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: OKTA_SEED });
  h = await startApiHarness(
    oktaSdkClient(emulator.url, { token: emulator.token }, { maxRetries: 0 }),
  );
});
afterAll(async () => {
  await h.close();
  await emulator.close();
});

const validGrant = {
  caseId: CASE_ID,
  groupId: GROUPS.managed,
  durationHours: 8,
  reason: 'Customer cannot reach the EMEA portal',
};

describe('grants', () => {
  it('lists the grantable groups', async () => {
    const res = await h.call('/groups/grantable');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      groups: [{ id: GROUPS.managed, name: 'EMEA Sales', description: 'Managed by access rules' }],
    });
  });

  it('creates a grant (201) with the acting agent as requester', async () => {
    const res = await h.call('/grants', { json: { ...validGrant, contactId: null } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      id: 'a01000000000001AAA',
      status: 'ACTIVE',
      requestedBy: AGENT_ID,
    });
    expect(h.grants.created.at(-1)).toEqual({ ...validGrant, requestedBy: AGENT_ID });
  });

  it('refuses a duration above Max_Grant_Hours__c', async () => {
    const before = h.grants.created.length;
    const res = await h.call('/grants', { json: { ...validGrant, durationHours: 73 } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorAnswer).error.details).toEqual([
      { path: 'durationHours', message: 'durationHours must be at most 72.' },
    ]);
    expect(h.grants.created).toHaveLength(before);
  });

  it('lists every problem of an invalid grant request', async () => {
    const res = await h.call('/grants', {
      json: { caseId: 'abc', groupId: '00u1234567890abcdefg', durationHours: 0, reason: '' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect((body.error.details as { path: string }[]).map((d) => d.path).sort()).toEqual([
      'caseId',
      'durationHours',
      'groupId',
      'reason',
    ]);
  });

  it('lists the grants of a Case, optionally only the active ones', async () => {
    const all = (await (await h.call(`/grants?caseId=${CASE_ID}`)).json()) as { grants: unknown[] };
    expect(all.grants).toHaveLength(2);
    const active = (await (await h.call(`/grants?caseId=${CASE_ID}&activeOnly=true`)).json()) as {
      grants: { status: string }[];
    };
    expect(active.grants.map((g) => g.status)).toEqual(['ACTIVE']);
  });

  it('needs a Case id and a true/false activeOnly to list', async () => {
    const res = await h.call('/grants?activeOnly=yes');
    expect(res.status).toBe(400);
    const paths = (((await res.json()) as ErrorAnswer).error.details as { path: string }[]).map(
      (d) => d.path,
    );
    expect(paths.sort()).toEqual(['activeOnly', 'caseId']);
  });

  it('revokes a grant, with or without a body', async () => {
    const withReason = await h.call('/grants/a01000000000001AAA', {
      method: 'DELETE',
      json: { reason: 'Issue solved' },
    });
    expect(withReason.status).toBe(200);
    expect(await withReason.json()).toMatchObject({ status: 'REVOKED' });
    expect(h.grants.revoked.at(-1)).toEqual({
      id: 'a01000000000001AAA',
      input: { actor: AGENT_ID, reason: 'Issue solved' },
    });

    const bare = await h.rawRequest('/grants/a01000000000001AAA', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${CURRENT_SECRET}`, 'content-type': 'application/json' },
    });
    expect(bare.status).toBe(200);
    expect(h.grants.revoked.at(-1)).toEqual({ id: 'a01000000000001AAA', input: {} });
  });

  it('validates the grant id', async () => {
    const res = await h.call('/grants/not-an-id', { method: 'DELETE' });
    expect(res.status).toBe(400);
  });
});
