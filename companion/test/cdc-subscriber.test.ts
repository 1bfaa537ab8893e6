import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordChange, WriteContext } from '../sandbox/salesforce/change-events.js';
import { createStreamingLayer } from '../sandbox/salesforce/streaming.js';
import type { Alert } from '../src/audit/alerts.js';
import { createCdcSubscriber, type CdcSubscriber } from '../src/cdc/cdc-subscriber.js';
import { replayCursorName } from '../src/cdc/channels.js';
import { fieldMapping } from '../src/mapping/mapping-test-fixtures.js';
import { DEFAULT_SYNC_SETTINGS } from '../src/mapping/settings.js';
import type { AccessRule } from '../src/mapping/types.js';
import { openSqliteStore, type StoredEvent, type Store } from '../src/store/index.js';
import { createRecordOwners } from '../src/cdc/record-owners.js';
import { createWriteLedger, type WriteLedger } from '../src/echo/write-ledger.js';

/**
 * The CDC subscription against the emulator's CometD layer with the real jsforce streaming
 * client: durable replay position, restart, lost replay window, gap and overflow, token expiry.
 */

const USER_ID = '005000000000001AAA';
const CONTACT = '/data/ContactChangeEvent';
const LEAD = '/data/LeadChangeEvent';
const CONFIG = '/event/Okta_Config_Changed__e';

const rules: AccessRule[] = [
  {
    type: 'CONDITION_TO_GROUP',
    name: 'Hot_Leads',
    label: 'Hot leads',
    groupId: '00gHOT',
    groupName: 'Hot',
    condition: { objectName: 'Lead', field: 'Rating', operator: 'EQUALS', value: 'Hot' },
  },
];
const config = {
  mappings: [
    fieldMapping({
      name: 'Contact_Title',
      field: 'Title',
      oktaAttribute: 'profile.title',
      direction: 'BOTH',
    }),
  ],
  accessRules: rules,
  settings: { ...DEFAULT_SYNC_SETTINGS },
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `expect.poll` settings for conditions the subscriber reaches in the background. */
const SETTLES = { timeout: 30_000, interval: 5 };

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function startStreaming(options: { now?: () => number; timeoutSeconds?: number } = {}) {
  const tokens = new Set(['token-1']);
  const layer = createStreamingLayer({
    authenticate: (token) => (tokens.has(token) ? { userId: USER_ID } : undefined),
    timeoutSeconds: 30,
    ...options,
  });
  const server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  layer.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(async () => {
    layer.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { layer, instanceUrl, tokens };
}

function openStore(): { store: Store; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-test-'));
  const path = join(dir, 'store.db');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = openSqliteStore({ path });
  return { store, path };
}

function subscriberFor(
  instanceUrl: string,
  store: Store,
  options: {
    channels?: string[];
    token?: () => string;
    refresh?: () => Promise<void>;
    liveness?: { graceMs?: number; checkEveryMs?: number };
    /** Runs when the configuration is reloaded (e.g. to change the rules as a deploy would). */
    onReload?: () => void;
    now?: () => Date;
    ledger?: WriteLedger;
  } = {},
) {
  const conn = new jsforce.Connection({
    instanceUrl,
    accessToken: options.token?.() ?? 'token-1',
    version: '62.0',
  });
  const reconciliations: [string, string][] = [];
  const alerts: Alert[] = [];
  const reloads: string[] = [];
  let refreshes = 0;
  const subscriber: CdcSubscriber = createCdcSubscriber({
    connection: () => conn,
    refreshToken: async () => {
      refreshes += 1;
      await options.refresh?.();
      conn.accessToken = options.token?.() ?? 'token-1';
    },
    store,
    config: () => config,
    clientTag: 'okta-sync',
    owners: createRecordOwners(),
    requestReconciliation: (entity, reason) => void reconciliations.push([entity, reason]),
    alerter: { alert: async (alert) => void alerts.push(alert) },
    reloadConfig: async (reason) => {
      reloads.push(reason);
      options.onReload?.();
    },
    logger: silent,
    channels: options.channels ?? [CONTACT, LEAD, CONFIG],
    backoff: { baseMs: 10, maxMs: 50 },
    ...(options.liveness ? { liveness: options.liveness } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.ledger ? { ledger: options.ledger } : {}),
  });
  cleanups.push(() => subscriber.stop());
  return { subscriber, reconciliations, alerts, reloads, refreshes: () => refreshes };
}

let tx = 0;
function context(overrides: Partial<WriteContext> = {}): WriteContext {
  tx += 1;
  return {
    clientId: undefined,
    apiVersion: '62.0',
    api: 'rest',
    userId: USER_ID,
    transactionKey: `tx-${tx}-${Date.now()}`,
    ...overrides,
  };
}
const titleChange = (recordId: string, title: string): RecordChange => ({
  entityName: 'Contact',
  changeType: 'UPDATE',
  recordId,
  fields: {
    Title: title,
    LastModifiedDate: '2026-01-01T00:00:00.000+0000',
    LastModifiedById: USER_ID,
  },
});

/** Every event in the store, by claiming every job (the test's store is not worked). */
async function storedEvents(store: Store): Promise<StoredEvent[]> {
  const jobs = await store.jobs.claim({ limit: 10_000, leaseMs: 60_000, workerId: 'test' });
  const events = jobs.flatMap((job) => job.events);
  for (const job of jobs)
    await store.jobs.retry(job.id, 'test', { error: 'peek', availableAt: new Date(0) });
  return events.sort((a, b) => a.seq - b.seq);
}

const connected = (subscriber: CdcSubscriber, channels: string[]) => () =>
  channels.every((c) => subscriber.state()[c]?.state === 'connected');

describe('CDC subscriber', () => {
  it('stores the replay id with the inbox write and resumes after a restart, each event once', async () => {
    const { layer, instanceUrl } = await startStreaming();
    const { store, path } = openStore();
    const first = subscriberFor(instanceUrl, store, { channels: [CONTACT] });
    first.subscriber.start();
    await expect.poll(connected(first.subscriber, [CONTACT]), SETTLES).toBe(true);

    layer.sink.recordChanges(context(), [titleChange('003000000000001AAA', 'CTO')]);
    await expect.poll(() => store.cursors.get(replayCursorName(CONTACT)), SETTLES).toBeDefined();
    expect(first.subscriber.state()[CONTACT]).toMatchObject({
      state: 'connected',
      lastReplayId: expect.any(Number),
    });
    await first.subscriber.stop();
    await store.close();

    // Published while the companion is down.
    layer.sink.recordChanges(context(), [titleChange('003000000000002AAA', 'CEO')]);
    layer.sink.recordChanges(context({ clientId: 'okta-sync' }), [
      titleChange('003000000000003AAA', 'echo'),
    ]);
    layer.sink.recordChanges(context(), [titleChange('003000000000004AAA', 'CFO')]);
    const lastPublished = layer.published(CONTACT).at(-1)?.data.event.replayId;

    const reopened = openSqliteStore({ path });
    cleanups.push(() => reopened.close());
    const second = subscriberFor(instanceUrl, reopened, { channels: [CONTACT] });
    second.subscriber.start();
    await expect
      .poll(() => reopened.cursors.get(replayCursorName(CONTACT)), SETTLES)
      .toBe(String(lastPublished));

    const subjects = (await storedEvents(reopened)).map((e) => e.subjectKey);
    expect(subjects).toEqual([
      'sf-contact:003000000000001AAA',
      'sf-contact:003000000000002AAA',
      'sf-contact:003000000000004AAA',
    ]);
  });

  it('classifies a delivery before it opens the store transaction (on SQLite, an intake waits for it)', async () => {
    const { layer, instanceUrl } = await startStreaming();
    const { store } = openStore();
    let open = 0;
    const watched: Store = {
      ...store,
      transaction: async (fn) => {
        open += 1;
        try {
          return await store.transaction(fn);
        } finally {
          open -= 1;
        }
      },
    };
    const ledger = createWriteLedger();
    const consultedInTransaction: boolean[] = [];
    const spy: WriteLedger = {
      register: (...args) => ledger.register(...args),
      size: () => ledger.size(),
      matches: (...args) => {
        consultedInTransaction.push(open > 0);
        return ledger.matches(...args);
      },
    };
    const { subscriber } = subscriberFor(instanceUrl, watched, {
      channels: [CONTACT],
      ledger: spy,
    });
    subscriber.start();
    await expect.poll(connected(subscriber, [CONTACT]), SETTLES).toBe(true);
    layer.sink.recordChanges(context(), [
      titleChange('003000000000001AAA', 'CTO'),
      titleChange('003000000000002AAA', 'CEO'),
    ]);
    await expect.poll(async () => (await storedEvents(store)).length, SETTLES).toBe(2);
    expect(consultedInTransaction).toEqual([false, false]);
  });

  it('queues a linked Contact’s change under its Okta user, so both directions of a person run in turn', async () => {
    const { layer, instanceUrl } = await startStreaming();
    const { store } = openStore();
    await store.syncBaselines.record([
      { oktaUserId: '00u000000000001', contactId: '003000000000001AAA' },
    ]);
    const { subscriber } = subscriberFor(instanceUrl, store, { channels: [CONTACT] });
    subscriber.start();
    await expect.poll(connected(subscriber, [CONTACT]), SETTLES).toBe(true);

    layer.sink.recordChanges(context(), [titleChange('003000000000001AAA', 'CTO')]);
    layer.sink.recordChanges(context(), [titleChange('003000000000002AAA', 'CEO')]);
    await expect.poll(async () => (await storedEvents(store)).length, SETTLES).toBe(2);

    const events = await storedEvents(store);
    expect(events.map((e) => [e.jobKind, e.subjectKey])).toEqual([
      ['sf-contact-sync', 'okta-user:00u000000000001'],
      // Not linked yet as far as the companion knows: the Contact's own subject.
      ['sf-contact-sync', 'sf-contact:003000000000002AAA'],
    ]);
    expect(events[0]?.payload).toMatchObject({ contactId: '003000000000001AAA' });
    await subscriber.stop();
  });

  it('reports the delivery lag of the last event, which an idle channel keeps', async () => {
    const committedAt = Date.parse('2026-01-01T00:00:00Z');
    const { layer, instanceUrl } = await startStreaming({ now: () => committedAt });
    const { store } = openStore();
    let clock = committedAt + 2_500;
    const { subscriber } = subscriberFor(instanceUrl, store, {
      channels: [CONTACT],
      now: () => new Date(clock),
    });
    subscriber.start();
    await expect.poll(connected(subscriber, [CONTACT]), SETTLES).toBe(true);
    expect(subscriber.state()[CONTACT]?.lagSeconds).toBeNull();

    layer.sink.recordChanges(context(), [titleChange('003000000000001AAA', 'CTO')]);
    await expect.poll(() => subscriber.state()[CONTACT]?.lastReplayId, SETTLES).not.toBeNull();
    expect(subscriber.state()[CONTACT]?.lagSeconds).toBe(2.5);

    // An hour without changes is not an hour of lag.
    clock += 60 * 60_000;
    expect(subscriber.state()[CONTACT]?.lagSeconds).toBe(2.5);
  });

  it('falls back to new events, requests a reconciliation and alerts when the replay id expired', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { layer, instanceUrl } = await startStreaming({ now: () => clock });
    const { store } = openStore();
    layer.sink.recordChanges(context(), [
      {
        entityName: 'Lead',
        changeType: 'UPDATE',
        recordId: '00Q000000000001AAA',
        fields: { Rating: 'Hot' },
      },
    ]);
    // A second event that expires too: the stored position then lies before the oldest retained one.
    layer.sink.recordChanges(context(), [
      {
        entityName: 'Lead',
        changeType: 'UPDATE',
        recordId: '00Q000000000009AAA',
        fields: { Rating: 'Hot' },
      },
    ]);
    const stale = layer.published(LEAD)[0]?.data.event.replayId ?? 0;
    await store.transaction((tx) => tx.cursors.set(replayCursorName(LEAD), String(stale)));
    clock += 73 * 3_600_000;
    layer.sink.recordChanges(context(), [
      {
        entityName: 'Lead',
        changeType: 'UPDATE',
        recordId: '00Q000000000002AAA',
        fields: { Rating: 'Hot' },
      },
    ]);

    const { subscriber, reconciliations, alerts } = subscriberFor(instanceUrl, store, {
      channels: [LEAD],
    });
    subscriber.start();
    await expect
      .poll(
        () => reconciliations.length > 0 && subscriber.state()[LEAD]?.state === 'connected',
        SETTLES,
      )
      .toBe(true);
    expect(reconciliations).toEqual([['Lead', 'replay-lost']]);
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'replay-lost', key: `replay-lost:${LEAD}` }),
    ]);
    expect((await storedEvents(store)).map((e) => e.jobKind)).toEqual(['sf-access-sweep']);

    // Subscribed from -1: new events arrive and the position is stored again.
    layer.sink.recordChanges(context(), [
      {
        entityName: 'Lead',
        changeType: 'UPDATE',
        recordId: '00Q000000000003AAA',
        fields: { Rating: 'Hot' },
      },
    ]);
    await expect.poll(() => store.cursors.get(replayCursorName(LEAD)), SETTLES).toBeDefined();
    expect((await storedEvents(store)).map((e) => e.jobKind)).toEqual([
      'sf-access-sweep',
      'sf-access-resolve',
    ]);
  });

  it('re-reads gap records and requests a reconciliation on overflow', async () => {
    const { layer, instanceUrl } = await startStreaming();
    const { store } = openStore();
    const { subscriber, reconciliations } = subscriberFor(instanceUrl, store, {
      channels: [CONTACT],
    });
    subscriber.start();
    await expect.poll(connected(subscriber, [CONTACT]), SETTLES).toBe(true);
    layer.emitGap('Contact', 'GAP_UPDATE', ['003000000000001AAA', '003000000000002AAA']);
    layer.emitOverflow('Contact');
    await expect.poll(() => reconciliations.length, SETTLES).toBeGreaterThan(0);
    expect(reconciliations).toEqual([['Contact', 'gap-overflow']]);
    expect(
      (await storedEvents(store)).map((e) => [
        e.jobKind,
        e.subjectKey,
        (e.payload as { gap?: boolean }).gap,
      ]),
    ).toEqual([
      ['sf-contact-sync', 'sf-contact:003000000000001AAA', true],
      ['sf-contact-sync', 'sf-contact:003000000000002AAA', true],
    ]);
  });

  it('rebuilds the client with a fresh token when the session expires mid-stream', async () => {
    const { layer, instanceUrl, tokens } = await startStreaming();
    const { store } = openStore();
    let current = 'token-1';
    const { subscriber, refreshes } = subscriberFor(instanceUrl, store, {
      channels: [CONTACT],
      token: () => current,
      refresh: async () => {
        current = 'token-2';
        tokens.add('token-2');
      },
    });
    subscriber.start();
    await expect.poll(connected(subscriber, [CONTACT]), SETTLES).toBe(true);
    layer.sink.recordChanges(context(), [titleChange('003000000000001AAA', 'one')]);
    await expect.poll(() => store.cursors.get(replayCursorName(CONTACT)), SETTLES).toBeDefined();

    tokens.delete('token-1');
    // The open long-poll ends; the next /meta/connect carries the dead token.
    layer.disconnectAll();
    layer.sink.recordChanges(context(), [titleChange('003000000000002AAA', 'two')]);
    const last = String(layer.published(CONTACT).at(-1)?.data.event.replayId);
    await expect.poll(() => store.cursors.get(replayCursorName(CONTACT)), SETTLES).toBe(last);
    expect(refreshes()).toBeGreaterThanOrEqual(1);
    expect((await storedEvents(store)).map((e) => e.subjectKey)).toEqual([
      'sf-contact:003000000000001AAA',
      'sf-contact:003000000000002AAA',
    ]);
    expect(subscriber.state()[CONTACT]?.state).toBe('connected');
  });

  it('reloads the configuration on Okta_Config_Changed__e and sweeps access after a rules change', async () => {
    const { layer, instanceUrl } = await startStreaming();
    const { store } = openStore();
    const { subscriber, reloads } = subscriberFor(instanceUrl, store, { channels: [CONFIG] });
    subscriber.start();
    await expect.poll(connected(subscriber, [CONFIG]), SETTLES).toBe(true);
    layer.sink.publishPlatformEvent(context(), 'Okta_Config_Changed__e', {
      Change_Type__c: 'ACCESS_RULES',
    });
    await expect
      .poll(async () => reloads.length > 0 && (await store.jobs.counts()).pending > 0, SETTLES)
      .toBe(true);
    expect(reloads).toEqual(['Okta_Config_Changed__e ACCESS_RULES']);
    expect((await storedEvents(store)).map((e) => e.jobKind)).toEqual(['sf-access-sweep']);
    expect(await store.cursors.get(replayCursorName(CONFIG))).toBe(
      String(layer.published(CONFIG)[0]?.data.event.replayId),
    );
  });

  it('brings the Account Teams in step when a team rule is added', async () => {
    const { layer, instanceUrl } = await startStreaming();
    const { store } = openStore();
    const teamRule: AccessRule = {
      type: 'GROUP_TO_ACCOUNT_TEAM',
      name: 'Enterprise_Team',
      label: 'Enterprise team',
      groupId: '00gTEAM',
      groupName: 'Enterprise AEs',
      accountTeamRole: 'Account Manager',
      accountAccessLevel: 'Edit',
      opportunityAccessLevel: null,
      caseAccessLevel: null,
      accounts: { objectName: 'Account', field: 'Type', operator: 'EQUALS', value: 'Customer' },
    };
    const { subscriber } = subscriberFor(instanceUrl, store, {
      channels: [CONFIG],
      onReload: () => rules.push(teamRule),
    });
    cleanups.push(() => void rules.splice(rules.indexOf(teamRule), 1));
    subscriber.start();
    await expect.poll(connected(subscriber, [CONFIG]), SETTLES).toBe(true);
    layer.sink.publishPlatformEvent(context(), 'Okta_Config_Changed__e', {
      Change_Type__c: 'ACCESS_RULES',
    });
    await expect
      .poll(async () => (await storedEvents(store)).length, SETTLES)
      .toBeGreaterThanOrEqual(2);
    expect((await storedEvents(store)).map((e) => e.jobKind).sort()).toEqual([
      'sf-access-sweep',
      'sf-account-team-sweep',
    ]);
  });

  it('reports a channel whose session stalls as down and resubscribes it from its stored replay id', async () => {
    // Long-polls of one second: a live channel completes a /meta/connect round every second.
    const { layer, instanceUrl } = await startStreaming({ timeoutSeconds: 1 });
    const { store } = openStore();
    const { subscriber } = subscriberFor(instanceUrl, store, {
      channels: [CONTACT, LEAD],
      liveness: { graceMs: 3_000, checkEveryMs: 100 },
    });
    subscriber.start();
    await expect.poll(connected(subscriber, [CONTACT, LEAD]), SETTLES).toBe(true);
    layer.sink.recordChanges(context(), [titleChange('003000000000001AAA', 'one')]);
    const first = String(layer.published(CONTACT).at(-1)?.data.event.replayId);
    await expect.poll(() => store.cursors.get(replayCursorName(CONTACT)), SETTLES).toBe(first);

    expect(layer.stallChannel(CONTACT)).toBe(1);
    layer.sink.recordChanges(context(), [titleChange('003000000000002AAA', 'two')]);
    await expect.poll(() => subscriber.state()[CONTACT]?.state, SETTLES).toBe('stalled');
    expect(subscriber.state()[CONTACT]?.lastError).toMatch(/no \/meta\/connect round completed/);
    // Resubscribed sessions of a wedged channel are no proof of life: it stays down.
    await expect.poll(() => layer.stats().stalledSessions, SETTLES).toBeGreaterThanOrEqual(2);
    expect(subscriber.state()[CONTACT]?.state).toBe('stalled');
    expect(subscriber.state()[LEAD]?.state).toBe('connected');

    layer.clearStalls();
    await expect.poll(connected(subscriber, [CONTACT]), SETTLES).toBe(true);
    expect(subscriber.state()[CONTACT]?.lastError).toBeNull();
    const last = String(layer.published(CONTACT).at(-1)?.data.event.replayId);
    await expect.poll(() => store.cursors.get(replayCursorName(CONTACT)), SETTLES).toBe(last);
    expect((await storedEvents(store)).map((e) => e.subjectKey)).toEqual([
      'sf-contact:003000000000001AAA',
      'sf-contact:003000000000002AAA',
    ]);
    expect(subscriber.state()[LEAD]?.state).toBe('connected');
  });

  it('notices a resubscription refused after a CometD restart: reconciliation, alert, new subscription', async () => {
    const { layer, instanceUrl } = await startStreaming({ timeoutSeconds: 1 });
    const { store } = openStore();
    const { subscriber, reconciliations, alerts } = subscriberFor(instanceUrl, store, {
      channels: [CONTACT],
      liveness: { graceMs: 3_000, checkEveryMs: 100 },
    });
    subscriber.start();
    await expect.poll(connected(subscriber, [CONTACT]), SETTLES).toBe(true);
    layer.sink.recordChanges(context(), [titleChange('003000000000001AAA', 'one')]);
    const seen = String(layer.published(CONTACT).at(-1)?.data.event.replayId);
    await expect.poll(() => store.cursors.get(replayCursorName(CONTACT)), SETTLES).toBe(seen);

    // The server restarts and, before the client is back, the events after its position expire:
    // faye re-handshakes and resubscribes from that position by itself, and is refused.
    layer.restart();
    layer.sink.recordChanges(context(), [titleChange('003000000000002AAA', 'lost')]);
    layer.sink.recordChanges(context(), [titleChange('003000000000003AAA', 'lost too')]);
    const lost = layer.published(CONTACT).at(-1)?.data.event.replayId ?? 0;
    layer.expireBefore(lost + 1);

    await expect.poll(() => reconciliations.length, SETTLES).toBeGreaterThan(0);
    expect(reconciliations).toEqual([['Contact', 'replay-lost']]);
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'replay-lost', key: `replay-lost:${CONTACT}` }),
    ]);
    await expect.poll(connected(subscriber, [CONTACT]), SETTLES).toBe(true);
    layer.sink.recordChanges(context(), [titleChange('003000000000004AAA', 'after')]);
    const after = String(layer.published(CONTACT).at(-1)?.data.event.replayId);
    await expect.poll(() => store.cursors.get(replayCursorName(CONTACT)), SETTLES).toBe(after);
    expect((await storedEvents(store)).map((e) => e.subjectKey)).toEqual([
      'sf-contact:003000000000001AAA',
      'sf-contact:003000000000004AAA',
    ]);
  });
});
