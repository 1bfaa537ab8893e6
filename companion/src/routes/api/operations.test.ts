import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../../sandbox/okta/sdk-client.js';
import { JOB_KIND, userSubjectKey } from '../../intake/okta-events.js';
import { silentLogger } from '../../logger.js';
import { GUARD_HELD } from '../../workflows/okta-user-sync.js';
import { createSyncConfigSource } from '../../workflows/sync-config-source.js';
import type { PlanItem } from '../../reconciliation/types.js';
import {
  AGENT_ID,
  OKTA_SEED,
  startApiHarness,
  USERS,
  type ApiHarness,
  type ErrorAnswer,
} from './api-test-fixtures.js';
import type { HealthSnapshot } from '../../services/health-snapshot.js';

const sdkFor = (e: OktaEmulator) => oktaSdkClient(e.url, { token: e.token }, { maxRetries: 0 });
let emulator: OktaEmulator;
beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: OKTA_SEED });
});
afterAll(() => emulator.close());
let h: ApiHarness;
const planItems: PlanItem[] = [
  {
    seq: 1,
    kind: 'update',
    oktaUserId: USERS.active,
    contactId: '003000000000001AAA',
    login: 'ada@example.com',
    changes: [
      { field: 'Title', before: 'Old, "quoted"', after: 'Engineer' },
      { field: 'Department', before: null, after: 'R&D\nLabs' },
    ],
    reason: 'fields differ',
  },
  {
    seq: 2,
    kind: 'link',
    oktaUserId: USERS.locked,
    contactId: '003000000000002AAA',
    login: null,
    changes: [],
    reason: 'matched by email',
  },
  {
    seq: 3,
    kind: 'deactivate',
    oktaUserId: USERS.deprovisioned,
    contactId: '003000000000003AAA',
    login: 'dan@example.com',
    changes: [{ field: 'Okta_Status__c', before: 'ACTIVE', after: 'DEPROVISIONED' }],
    reason: 'deactivated in Okta',
  },
];
beforeEach(async () => {
  h = await startApiHarness(sdkFor(emulator), { planItems });
});
afterEach(() => h.close());

async function deadLetter(subject: string, eventId: string, payload: object = {}): Promise<number> {
  await h.store.inbox.accept([
    {
      source: 'okta-log',
      eventId,
      eventType: 'user.lifecycle.activate',
      subjectKey: userSubjectKey(subject),
      jobKind: JOB_KIND.oktaUserSync,
      occurredAt: '2025-06-01T11:00:00.000Z',
      payload,
    },
  ]);
  const [job] = await h.store.jobs.claim({ limit: 1, leaseMs: 60_000, workerId: 'w1' });
  if (!job) throw new Error('no job to dead-letter');
  const id = await h.store.jobs.deadLetter(job.id, 'w1', {
    error: 'Salesforce said no',
    errorCode: 'FIELD_INTEGRITY',
  });
  if (id === undefined) throw new Error('dead-letter failed');
  return id;
}

describe('dead-letters', () => {
  it('lists dead letters with their events, and pages', async () => {
    const first = await deadLetter(USERS.active, 'ev-1');
    await deadLetter(USERS.locked, 'ev-2');
    const res = await h.call('/dead-letters?limit=1');
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: Record<string, unknown>[]; next?: number };
    expect(page.items).toEqual([
      {
        id: first,
        kind: JOB_KIND.oktaUserSync,
        subjectKey: userSubjectKey(USERS.active),
        user: { id: USERS.active, name: 'Ada Tester', login: 'ada@example.com' },
        attempts: 1,
        error: 'Salesforce said no',
        errorCode: 'FIELD_INTEGRITY',
        deadAt: '2025-06-01T12:00:00.000Z',
        events: [
          {
            eventId: 'ev-1',
            eventType: 'user.lifecycle.activate',
            occurredAt: '2025-06-01T11:00:00.000Z',
          },
        ],
      },
    ]);
    expect(page.next).toBe(first);
    const rest = (await (await h.call(`/dead-letters?after=${page.next ?? 0}`)).json()) as {
      items: { subjectKey: string }[];
      next?: number;
    };
    expect(rest.items.map((i) => i.subjectKey)).toEqual([userSubjectKey(USERS.locked)]);
    expect(rest.next).toBeUndefined();
  });

  it('names the user of a dead letter from the login its events carried when Okta no longer has them', async () => {
    await deadLetter('00ugone0000000000001', 'ev-gone', { userLogin: 'gone@example.com' });
    const page = (await (await h.call('/dead-letters')).json()) as {
      items: { user: unknown }[];
    };
    expect(page.items.map((i) => i.user)).toEqual([
      { id: '00ugone0000000000001', name: null, login: 'gone@example.com' },
    ]);
  });

  it('replays one dead letter as a pending job, wakes the worker and journals the replay', async () => {
    const id = await deadLetter(USERS.active, 'ev-1');
    const res = await h.call(`/dead-letters/${id}/replay`, { method: 'POST' });
    expect(res.status).toBe(200);
    const { jobId } = (await res.json()) as { jobId: number };
    const job = await h.store.jobs.get(jobId);
    expect(job).toMatchObject({ subjectKey: userSubjectKey(USERS.active), attempts: 0 });
    expect(job?.events.map((e) => e.eventId)).toEqual(['ev-1']);
    expect(await h.store.jobs.counts()).toMatchObject({ pending: 1, deadLetters: 0 });
    expect(h.wakes.count).toBe(1);
    expect((await h.store.audit.latestFor({ oktaUserId: USERS.active }, 1))[0]).toMatchObject({
      operation: 'dead-letter-replay',
      actor: AGENT_ID,
    });
    const again = await h.call(`/dead-letters/${id}/replay`, { method: 'POST' });
    expect(again.status).toBe(404);
  });

  it('replays all dead letters', async () => {
    await deadLetter(USERS.active, 'ev-1');
    await deadLetter(USERS.locked, 'ev-2');
    const res = await h.call('/dead-letters/replay-all', { method: 'POST' });
    expect(await res.json()).toEqual({ replayed: 2 });
    expect(await h.store.jobs.counts()).toMatchObject({ pending: 2, deadLetters: 0 });
    expect(h.wakes.count).toBe(1);
  });

  it('validates ids and paging', async () => {
    expect((await h.call('/dead-letters/abc/replay', { method: 'POST' })).status).toBe(400);
    const res = await h.call('/dead-letters?limit=500&after=-1');
    expect(res.status).toBe(400);
    const paths = (((await res.json()) as ErrorAnswer).error.details as { path: string }[]).map(
      (d) => d.path,
    );
    expect(paths.sort()).toEqual(['after', 'limit']);
  });
});

describe('contacts/:contactId/resync', () => {
  it('enqueues a user sync for the Contact’s Okta user and wakes the worker', async () => {
    h.salesforce.contacts.push({ Id: '003000000000001AAA', Okta_User_Id__c: USERS.active });
    const res = await h.call('/contacts/003000000000001AAA/resync', { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: true, oktaUserId: USERS.active });
    const [job] = await h.store.jobs.claim({ limit: 5, leaseMs: 60_000, workerId: 'w' });
    expect(job).toMatchObject({
      subjectKey: userSubjectKey(USERS.active),
      kind: JOB_KIND.oktaUserSync,
    });
    expect(job?.events).toEqual([
      expect.objectContaining({
        source: 'api',
        eventId: `resync:003000000000001AAA:${h.clock.now.getTime()}`,
        eventType: 'companion.resync',
        occurredAt: '2025-06-01T12:00:00.000Z',
        payload: {
          eventType: 'companion.resync',
          published: '2025-06-01T12:00:00.000Z',
          actorId: AGENT_ID,
          userId: USERS.active,
          userLogin: null,
          groupId: null,
          groupName: null,
          outcome: null,
        },
      }),
    ]);
    expect(h.wakes.count).toBe(1);
    expect(h.salesforce.queries).toEqual([
      "SELECT Id, Okta_User_Id__c FROM Contact WHERE Id = '003000000000001AAA' LIMIT 1",
    ]);
    const health = (await (await h.call('/health')).json()) as HealthSnapshot;
    expect(health.lastEvents).toEqual([
      {
        eventId: `resync:003000000000001AAA:${h.clock.now.getTime()}`,
        eventType: 'companion.resync',
        source: 'api',
        receivedAt: '2025-06-01T12:00:00.000Z',
      },
    ]);
  });

  it('answers 404 for an unknown or unlinked Contact and enqueues nothing', async () => {
    h.salesforce.contacts.push({ Id: '003000000000002AAA', Okta_User_Id__c: null });
    expect((await h.call('/contacts/003000000000009AAA/resync', { method: 'POST' })).status).toBe(
      404,
    );
    const unlinked = await h.call('/contacts/003000000000002AAA/resync', { method: 'POST' });
    expect(unlinked.status).toBe(404);
    expect(((await unlinked.json()) as ErrorAnswer).error.message).toBe(
      'The Contact 003000000000002AAA is not linked to an Okta user.',
    );
    expect((await h.store.jobs.counts()).pending).toBe(0);
    expect(h.wakes.count).toBe(0);
  });

  it('validates the Contact id', async () => {
    const res = await h.call("/contacts/003'%20OR%20Id%20!%3D%20'/resync", { method: 'POST' });
    expect(res.status).toBe(400);
    expect(h.salesforce.queries).toEqual([]);
  });
});

describe('health', () => {
  it('is ok when nothing needs attention', async () => {
    h.lastPoll.value = { at: new Date('2025-06-01T11:59:00.000Z') };
    const res = await h.call('/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthSnapshot;
    expect(body).toMatchObject({
      status: 'ok',
      queue: { pending: 0, leased: 0, delayed: 0, deadLetters: 0, lagSeconds: 0 },
      channels: {},
      poller: { lastPollAt: '2025-06-01T11:59:00.000Z', lastError: null },
      lastEvents: [],
      errors: { deadLetters: 0, failedLastHour: 0 },
      guard: {
        tripped: false,
        trippedAt: null,
        threshold: 2,
        inWindow: 0,
        windowMinutes: 60,
        held: 0,
      },
      config: { loadedAt: '2025-06-01T12:00:00.000Z', problems: [], lastError: null },
      reconciliation: null,
    });
  });

  it('is degraded with dead letters, a disconnected channel, or a tripped guard; counts recent failures', async () => {
    await deadLetter(USERS.active, 'ev-1');
    await h.store.audit.record({
      id: 'f1',
      eventId: 'f1',
      correlationId: 'c',
      direction: 'OKTA_TO_SALESFORCE',
      operation: 'contact-upsert',
      status: 'FAILED',
      attempts: 3,
      occurredAt: '2025-06-01T11:30:00.000Z',
    });
    await h.store.audit.record({
      id: 'f2',
      eventId: 'f2',
      correlationId: 'c',
      direction: 'OKTA_TO_SALESFORCE',
      operation: 'contact-upsert',
      status: 'FAILED',
      attempts: 3,
      occurredAt: '2025-06-01T10:30:00.000Z',
    });
    const withDead = (await (await h.call('/health')).json()) as HealthSnapshot;
    expect(withDead.status).toBe('degraded');
    expect(withDead.errors).toEqual({ deadLetters: 1, failedLastHour: 1 });

    await h.store.deadLetters.replayAll();
    h.channels['/data/ContactChangeEvent'] = {
      state: 'connected',
      lagSeconds: 1,
      lastEventAt: null,
    };
    expect(((await (await h.call('/health')).json()) as HealthSnapshot).status).toBe('ok');
    h.channels['/data/ContactChangeEvent'] = {
      state: 'reconnecting',
      lagSeconds: null,
      lastEventAt: null,
    };
    expect(((await (await h.call('/health')).json()) as HealthSnapshot).status).toBe('degraded');
    delete h.channels['/data/ContactChangeEvent'];

    const config = h.syncConfig.current();
    await h.guard.admit(5, config);
    const tripped = (await (await h.call('/health')).json()) as HealthSnapshot;
    expect(tripped.status).toBe('degraded');
    expect(tripped.guard).toMatchObject({
      tripped: true,
      trippedAt: '2025-06-01T12:00:00.000Z',
      inWindow: 2,
    });
  });
});

describe('guard and config', () => {
  it('releases the tripped guard and journals who confirmed', async () => {
    await h.guard.admit(5, h.syncConfig.current());
    const res = await h.call('/guard/release', { json: {} });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { guard: HealthSnapshot['guard'] };
    expect(body.guard).toMatchObject({ tripped: false, releasedUntil: '2025-06-01T13:00:00.000Z' });
    expect((await h.guard.state()).tripped).toBe(false);
    const [entry] = (
      await h.store.audit.list({
        from: new Date(0),
        to: new Date('2030-01-01'),
        limit: 10,
      })
    ).entries;
    expect(entry).toMatchObject({
      operation: 'guard-release',
      actor: AGENT_ID,
      direction: 'ACTION',
    });
  });

  it('counts the changes the guard holds and lists them with the users they deactivate', async () => {
    for (const [user, eventId] of [
      [USERS.active, 'ev-held-1'],
      [USERS.locked, 'ev-held-2'],
    ] as const) {
      await h.store.inbox.accept([
        {
          source: 'okta-hook',
          eventId,
          eventType: 'user.lifecycle.deactivate',
          subjectKey: userSubjectKey(user),
          jobKind: JOB_KIND.oktaUserSync,
          occurredAt: '2025-06-01T11:00:00.000Z',
          payload: {},
        },
      ]);
    }
    for (const job of await h.store.jobs.claim({ limit: 10, leaseMs: 60_000, workerId: 'w1' })) {
      await h.store.jobs.retry(job.id, 'w1', {
        error: 'Held by the blast-radius guard: confirm the deactivations to release them.',
        errorCode: GUARD_HELD,
        availableAt: new Date('2025-06-01T12:05:00.000Z'),
      });
    }

    const health = (await (await h.call('/health')).json()) as HealthSnapshot;
    expect(health.guard.held).toBe(2);
    const res = await h.call('/guard/held?limit=1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      total: 2,
      items: [
        {
          jobId: expect.any(Number),
          kind: JOB_KIND.oktaUserSync,
          subjectKey: userSubjectKey(USERS.active),
          user: { id: USERS.active, name: 'Ada Tester', login: 'ada@example.com' },
          queuedAt: '2025-06-01T12:00:00.000Z',
          reason: 'Held by the blast-radius guard: confirm the deactivations to release them.',
        },
      ],
    });
    expect((await h.call('/guard/held?limit=0')).status).toBe(400);
  });

  it('validates the release body', async () => {
    const res = await h.call('/guard/release', { json: [] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorAnswer).error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 503 when Salesforce cannot be read, keeping the last good configuration', async () => {
    let fail = false;
    const syncConfig = createSyncConfigSource({
      load: async () => {
        if (fail) throw new Error('INVALID_SESSION_ID');
        return h.syncConfig.current();
      },
      logger: silentLogger(),
      now: () => h.clock.now,
    });
    await syncConfig.reload('test');
    fail = true;
    const failing = await startApiHarness(sdkFor(emulator), { deps: { syncConfig } });
    try {
      const res = await failing.call('/config/reload', { method: 'POST' });
      expect(res.status).toBe(503);
      const body = (await res.json()) as ErrorAnswer;
      expect(body.error.message).toMatch(/last good configuration stays in use/);
      expect(body.error.details).toEqual({
        loadedAt: '2025-06-01T12:00:00.000Z',
        lastError: 'INVALID_SESSION_ID',
      });
    } finally {
      await failing.close();
    }
  });

  it('reloads the configuration', async () => {
    h.clock.now = new Date('2025-06-01T12:30:00.000Z');
    const res = await h.call('/config/reload', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ loadedAt: '2025-06-01T12:30:00.000Z', problems: [] });
  });
});

describe('reconciliations', () => {
  it('starts a dry run (202) with the agent as requester', async () => {
    const res = await h.call('/reconciliations', { json: { dryRun: true } });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      status: 'RUNNING',
      dryRun: true,
      requestedBy: AGENT_ID,
    });
    expect(h.reconciliations.starts).toEqual([
      { dryRun: true, trigger: 'api', requestedBy: AGENT_ID },
    ]);
  });

  it('refuses a second run while one runs (409 CONFLICT) and validates the body', async () => {
    h.reconciliations.running = await h.reconciliations.get('run-1');
    const busy = await h.call('/reconciliations', {
      json: { dryRun: false, confirmDeactivations: true },
    });
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as ErrorAnswer).error.code).toBe('CONFLICT');
    const bad = await h.call('/reconciliations', { json: { dryRun: 'yes' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorAnswer).error.details).toEqual([
      { path: 'dryRun', message: 'dryRun must be true or false.' },
    ]);
  });

  it('lists runs, reads one and answers 404 for an unknown one', async () => {
    expect(
      ((await (await h.call('/reconciliations?limit=5')).json()) as { runs: unknown[] }).runs,
    ).toHaveLength(1);
    expect(await (await h.call('/reconciliations/run-1')).json()).toMatchObject({
      id: 'run-1',
      status: 'PLANNED',
    });
    expect((await h.call('/reconciliations/run-9')).status).toBe(404);
    expect((await h.call('/reconciliations/run%201')).status).toBe(400);
  });

  it('pages the plan, filtered by kind', async () => {
    const page = (await (await h.call('/reconciliations/run-1/plan?limit=1')).json()) as {
      items: PlanItem[];
      next?: number;
    };
    expect(page.items.map((i) => i.seq)).toEqual([1]);
    expect(page.next).toBe(1);
    const links = (await (
      await h.call('/reconciliations/run-1/plan?kind=link,deactivate')
    ).json()) as { items: PlanItem[] };
    expect(links.items.map((i) => i.kind)).toEqual(['link', 'deactivate']);
    expect((await h.call('/reconciliations/run-1/plan?kind=delete')).status).toBe(400);
  });

  it('exports the plan as CSV, one row per field change, and as JSON lines', async () => {
    const csv = await h.call('/reconciliations/run-1/plan?format=csv');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="okta-sync-reconciliation-run-1.csv"',
    );
    expect(await csv.text()).toBe(
      [
        'seq,kind,oktaUserId,contactId,login,field,before,after,reason',
        `1,update,${USERS.active},003000000000001AAA,ada@example.com,Title,"Old, ""quoted""",Engineer,fields differ`,
        `1,update,${USERS.active},003000000000001AAA,ada@example.com,Department,,"R&D\nLabs",fields differ`,
        `2,link,${USERS.locked},003000000000002AAA,,,,,matched by email`,
        `3,deactivate,${USERS.deprovisioned},003000000000003AAA,dan@example.com,Okta_Status__c,ACTIVE,DEPROVISIONED,deactivated in Okta`,
        '',
      ].join('\r\n'),
    );
    const jsonl = await h.call('/reconciliations/run-1/plan?format=jsonl&kind=link');
    expect(
      (await jsonl.text())
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as PlanItem).seq),
    ).toEqual([2]);
  });

  it('applies a plan (202), and answers 409 REFUSED when the guard refuses it', async () => {
    const applied = await h.call('/reconciliations/run-1/apply', {
      json: { confirmDeactivations: true },
    });
    expect(applied.status).toBe(202);
    h.reconciliations.applyStatus = 'REFUSED';
    const refused = await h.call('/reconciliations/run-1/apply', { method: 'POST' });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as ErrorAnswer;
    expect(body.error.code).toBe('REFUSED');
    expect(body.error.details).toMatchObject({ run: { id: 'run-1', status: 'REFUSED' } });
  });
});
