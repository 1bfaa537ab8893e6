import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { AuditEntry, Store } from '../store/types.js';
import { ChannelError, type Delivery } from './channels.js';
import { createNotifier } from './notifier.js';
import type { NotificationRule } from './rule-types.js';
import { notificationRule } from './notification-test-fixtures.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let clock = Date.parse('2026-03-01T10:00:00.000Z');
const now = () => new Date(clock);

function open(path: string): Store {
  const store = openSqliteStore({ path, now });
  stores.push(store);
  return store;
}

const departure = (n: number): AuditEntry => ({
  id: `e${n}`,
  eventId: `ev${n}`,
  correlationId: `c${n}`,
  direction: 'OKTA_TO_SALESFORCE',
  operation: 'contact-updated',
  status: 'SUCCESS',
  attempts: 1,
  occurredAt: new Date(clock).toISOString(),
  oktaUserId: `00u${n}`,
  contactId: `003${String(n).padStart(12, '0')}AAA`,
  fieldChanges: [
    { object: 'Contact', field: 'Okta_Status__c', before: 'ACTIVE', after: 'DEPROVISIONED' },
  ],
});

const rule = (over: Partial<NotificationRule> = {}): NotificationRule =>
  notificationRule({
    name: 'Departures',
    label: 'Departures',
    event: 'DEPROVISIONED',
    channel: 'WEBHOOK',
    recipients: { type: 'WEBHOOK' },
    ...over,
  });

function notifierFor(
  store: Store,
  rules: NotificationRule[],
  send: (d: Delivery) => Promise<void>,
) {
  return createNotifier({
    store: store.notifications,
    journal: store.audit,
    rules: () => rules,
    loadContexts: async (events) =>
      new Map(
        events.map((e) => [
          e.entryId,
          { contact: { Id: e.contactId, Okta_Login__c: `${e.oktaUserId}@example.test` } },
        ]),
      ),
    send,
    links: { audit: () => 'https://org.test/audit', auditList: () => 'https://org.test/audit' },
    logger: silentLogger(),
    now,
    sleep: async () => undefined,
    retry: { attempts: 3, delayMs: 1 },
  });
}

async function notifications(store: Store) {
  const page = await store.audit.list({
    from: new Date(0),
    to: new Date(clock + 3_600_000),
    limit: 1000,
  });
  return page.entries.filter((e) => e.operation.startsWith('notify'));
}

describe('notifier', () => {
  it('keeps the quiet period across a restart of the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notifier-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    const sent: Delivery[] = [];
    const send = async (d: Delivery) => {
      sent.push(d);
    };
    const first = open(path);
    await first.audit.record(departure(1));
    await notifierFor(first, [rule({ quietMinutes: 30 })], send).flush();
    expect(sent).toHaveLength(1);
    await first.close();

    clock += 10 * 60_000;
    const second = open(path);
    // The same user deprovisioned again (a new event) ten minutes later: inside the quiet period.
    await second.audit.record({ ...departure(1), id: 'e1b', eventId: 'ev1b' });
    const run = await notifierFor(second, [rule({ quietMinutes: 30 })], send).flush();
    expect(run).toMatchObject({ sent: 0, skipped: 1 });
    expect(sent).toHaveLength(1);
    const lines = await notifications(second);
    expect(lines.map((l) => l.status)).toEqual(['SUCCESS', 'SKIPPED']);
    expect(lines[1]?.error).toMatch(/less than 30 minutes ago/);
  });

  it('retries a failing channel a bounded number of times, then journals the failure', async () => {
    const store = open(':memory:');
    await store.audit.record(departure(2));
    let calls = 0;
    const run = await notifierFor(store, [rule()], async () => {
      calls += 1;
      throw new ChannelError('The webhook answered 503', false);
    }).flush();
    expect(calls).toBe(3);
    expect(run).toMatchObject({ failed: 1, sent: 0 });
    const [line] = await notifications(store);
    expect(line).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      error: 'The webhook answered 503',
    });
    // The entry is read: nothing is retried on the next run.
    expect((await notifierFor(store, [rule()], async () => undefined).flush()).sent).toBe(0);
  });

  it('does not retry what Salesforce refused', async () => {
    const store = open(':memory:');
    await store.audit.record(departure(3));
    let calls = 0;
    await notifierFor(store, [rule()], async () => {
      calls += 1;
      throw new ChannelError('customNotificationAction refused: INVALID_CROSS_REFERENCE_KEY', true);
    }).flush();
    expect(calls).toBe(1);
  });

  it('sends one digest for a burst when its window ends', async () => {
    const store = open(':memory:');
    const sent: Delivery[] = [];
    const notifier = notifierFor(store, [rule({ digest: true, quietMinutes: 5 })], async (d) => {
      sent.push(d);
    });
    for (let i = 0; i < 30; i++) await store.audit.record(departure(100 + i));
    expect((await notifier.flush()).digested).toBe(30);
    clock += 4 * 60_000;
    await notifier.flush();
    expect(sent).toEqual([]);
    clock += 60_000;
    await notifier.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message.title).toBe('30 Okta users deprovisioned');
    expect(sent[0]?.message.body).toMatch(/: 00u100@example\.test, .* and 20 more\. Audit: /);
    const lines = await notifications(store);
    expect(lines.map((l) => [l.operation, l.status])).toEqual([['notify-digest', 'SUCCESS']]);
  });
});
