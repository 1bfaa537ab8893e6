import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HOOK_MAX_BODY_BYTES, MAX_EVENTS_PER_DELIVERY } from '../src/intake/okta-events.js';
import { eventually, startTestWorld, type TestWorld } from './harness.js';
import { endToEndProfile } from '../sandbox/profile.js';

/**
 * Okta intake under bad input, end to end: hook deliveries POSTed to the running companion,
 * and the System Log read by the real SDK from the Okta emulator.
 */

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 20,
    profile: endToEndProfile(),
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
  });
  await world.companion.poller.pollOnce();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => {
  world.sandbox.okta.faults.clear();
});

type RawLogEvent = Record<string, unknown> & { uuid: string; published: string };

let serial = 0;
/** A user created in Okta whose hook delivery is lost: its events are only in the System Log. */
async function userOnlyInTheLog(): Promise<{ id: string; events: RawLogEvent[] }> {
  serial += 1;
  world.sandbox.okta.faults.dropHookDeliveries(100);
  const user = world.sandbox.okta.createUserDirect({
    login: `malformed.${serial}@example.test`,
    email: `malformed.${serial}@example.test`,
    firstName: 'Mal',
    lastName: `Formed${serial}`,
    userType: 'Customer',
    organization: `Malformed Org ${serial}`,
  });
  await world.sandbox.okta.whenHooksIdle();
  await world.sandbox.okta.whenLogPersisted();
  world.sandbox.okta.faults.clear();
  const events = world.sandbox.okta.state.logs
    .filter((e) => e.target?.some((t) => t.id === user.id))
    .map((e) => JSON.parse(JSON.stringify(e)) as RawLogEvent);
  expect(events.length).toBeGreaterThan(0);
  return { id: user.id, events };
}

function deliver(events: unknown[], eventId = randomUUID()) {
  return fetch(`${world.companion.url}/hooks/okta`, {
    method: 'POST',
    headers: { authorization: 'sandbox-hook-secret', 'content-type': 'application/json' },
    body: JSON.stringify({
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: 'https://example.okta.com/api/v1/eventHooks/who1',
      eventId,
      eventTime: new Date().toISOString(),
      contentType: 'application/json',
      data: { events },
    }),
  });
}

async function contactOf(oktaUserId: string) {
  return eventually(async () => {
    const result = await world.salesforce.query<{ Id: string }>(
      `SELECT Id FROM Contact WHERE Okta_User_Id__c = '${oktaUserId}'`,
    );
    return result.records[0];
  });
}

async function metric(name: string, labels?: string): Promise<number> {
  const text = await (await fetch(`${world.companion.url}/metrics`)).text();
  const prefix = labels === undefined ? `${name} ` : `${name}{${labels}}`;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('a hook delivery with malformed published values', () => {
  it('stores the valid events, answers 200, and counts and journals the invalid ones', async () => {
    const user = await userOnlyInTheLog();
    const template = user.events[0] as RawLogEvent;
    const malformed = ['not a date', '', '2025-13-45T99:99:99Z'].map((published) => ({
      ...template,
      uuid: randomUUID(),
      published,
    }));
    const before = await metric(
      'okta_sync_events_received_total',
      'source="okta-hook",fate="invalid"',
    );
    const answeredBefore = await metric('okta_sync_hook_ack_seconds_count');

    const response = await deliver([malformed[0], ...user.events, malformed[1], malformed[2]]);

    expect(response.status).toBe(200);
    expect(await metric('okta_sync_hook_ack_seconds_count')).toBe(answeredBefore + 1);
    const body = (await response.json()) as {
      received: number;
      accepted: number;
      invalid: { index: number; uuid: string; reason: string }[];
    };
    expect(body.received).toBe(user.events.length + 3);
    expect(body.accepted).toBeGreaterThan(0);
    expect(body.invalid.map((i) => i.uuid)).toEqual(malformed.map((e) => e.uuid));
    expect(body.invalid[0]?.reason).toBe('published "not a date" is not an RFC 3339 timestamp');
    for (const event of user.events)
      expect(await world.companion.store.inbox.has(event.uuid)).toBe(true);
    for (const event of malformed)
      expect(await world.companion.store.inbox.has(event.uuid)).toBe(false);

    // The valid events are worked: the Contact is created.
    await contactOf(user.id);
    await expect
      .poll(() => metric('okta_sync_jobs_total', 'kind="okta-user-sync",outcome="done"'))
      .toBeGreaterThan(0);
    expect(
      await metric('okta_sync_job_batch_seconds_count', 'kind="okta-user-sync"'),
    ).toBeGreaterThan(0);
    expect(
      await metric('okta_sync_events_received_total', 'source="okta-hook",fate="invalid"'),
    ).toBe(before + 3);
    const journal = (
      await world.companion.store.audit.latestFor({ oktaUserId: user.id }, 50)
    ).filter((e) => e.operation === 'event-rejected');
    expect(journal.map((e) => e.eventId).sort()).toEqual(malformed.map((e) => e.uuid).sort());
    expect(journal.every((e) => e.status === 'SKIPPED')).toBe(true);
    expect(journal.map((e) => e.error)).toContainEqual(
      expect.stringContaining('"2025-13-45T99:99:99Z" is not an RFC 3339 timestamp'),
    );

    // Okta's retry of the same delivery journals the same lines again, not new ones.
    expect((await deliver([malformed[0], ...user.events])).status).toBe(200);
    expect(
      (await world.companion.store.audit.latestFor({ oktaUserId: user.id }, 50)).filter(
        (e) => e.operation === 'event-rejected',
      ),
    ).toHaveLength(3);
  });

  it('answers 200 to a delivery whose every event is malformed', async () => {
    const response = await deliver([{ uuid: 'x', published: 'not a date', eventType: 'y' }, 42]);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 2, accepted: 0 });
  });
});

describe('the System Log poller and a malformed published', () => {
  it('passes over the event, stores the others and moves its cursor on', async () => {
    const user = await userOnlyInTheLog();
    const logs = world.sandbox.okta.state.logs;
    const template = logs[logs.length - 1];
    if (!template) throw new Error('the System Log is empty');
    const malformed = ['not a date', '', '2025-13-45T99:99:99Z'].map((published) => ({
      ...template,
      uuid: randomUUID(),
      published,
    }));
    // The emulator serves the log as stored: malformed events ahead of the user's last one.
    logs.splice(logs.length - 1, 0, ...malformed);

    const first = await world.companion.poller.pollOnce();

    expect(first.invalid).toBe(3);
    expect(first.accepted).toBeGreaterThan(0);
    for (const event of user.events)
      expect(await world.companion.store.inbox.has(event.uuid)).toBe(true);
    await contactOf(user.id);
    const journal = (
      await world.companion.store.audit.latestFor({ oktaUserId: user.id }, 50)
    ).filter((e) => e.operation === 'event-rejected');
    expect(journal.map((e) => e.eventId).sort()).toEqual(malformed.map((e) => e.uuid).sort());
    expect(
      await metric('okta_sync_events_received_total', 'source="okta-log",fate="invalid"'),
    ).toBe(3);

    // The cursor is past it: the next poll neither sees it again nor misses what follows.
    const next = await userOnlyInTheLog();
    const second = await world.companion.poller.pollOnce();
    expect(second.invalid).toBe(0);
    expect(second.cursor).not.toBe(first.cursor);
    for (const event of next.events)
      expect(await world.companion.store.inbox.has(event.uuid)).toBe(true);
  });
});

describe('the size of a delivery', () => {
  it(`stores a delivery of ${MAX_EVENTS_PER_DELIVERY} full-size events at the default body limit`, async () => {
    expect(world.config.http.hookMaxBodyBytes).toBe(DEFAULT_HOOK_MAX_BODY_BYTES);
    const user = await userOnlyInTheLog();
    const template = user.events[0] as RawLogEvent;
    // A large real-world event: geographical context, IP chain and debug data, about 4 KB.
    const large = {
      ...template,
      debugContext: { debugData: { padding: 'x'.repeat(3000) } },
    };
    const events = Array.from({ length: MAX_EVENTS_PER_DELIVERY }, () => ({
      ...large,
      uuid: randomUUID(),
    }));
    expect(Buffer.byteLength(JSON.stringify(events[0]))).toBeGreaterThan(4000);

    const response = await deliver(events);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      received: MAX_EVENTS_PER_DELIVERY,
      accepted: MAX_EVENTS_PER_DELIVERY,
    });
    await contactOf(user.id);
  });

  it('refuses a larger delivery with a clear 400, not 413 or 500', async () => {
    const events = Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, () => ({
      uuid: randomUUID(),
    }));
    const response = await deliver(events);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: [
          {
            path: 'data.events',
            message: `A delivery carries at most ${MAX_EVENTS_PER_DELIVERY} events.`,
          },
        ],
      },
    });
  });
});
