import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsforce from 'jsforce';
// The package's `jsforce/api/streaming` alias is a directory import, which Node's ESM loader refuses.
import { StreamingExtension } from 'jsforce/lib/api/streaming.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordChange, WriteContext } from './change-events.js';
import {
  createStreamingLayer,
  type StreamingLayer,
  type StreamingLayerOptions,
} from './streaming.js';
import { invalidReplayIdError } from './streaming/event-log.js';

const TOKEN = '00Dxx0000000001!session-token';
const USER_ID = '005xx0000000001AAA';
const CONTACT_CHANNEL = '/data/ContactChangeEvent';

interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  changeType: string;
  changedFields: string[];
  changeOrigin: string;
  transactionKey: string;
  sequenceNumber: number;
  commitTimestamp: number;
  commitUser: string;
  commitNumber: number;
}

interface StreamedEvent {
  schema: string;
  payload: { ChangeEventHeader: ChangeEventHeader } & Record<string, unknown>;
  event: { replayId: number; EventUuid?: string };
}

interface BayeuxReply {
  channel: string;
  successful?: boolean;
  error?: string;
  ext?: { sfdc?: { failureReason?: string }; replay?: unknown };
  advice?: Record<string, unknown>;
  clientId?: string;
}

/** faye's client as jsforce hands it out; jsforce's bundled faye typings lack disconnect(). */
interface FayeClient {
  subscribe(channel: string, onMessage: (data: unknown) => void): PromiseLike<unknown>;
  disconnect(): void;
}

/** Collects arrivals; `first` resolves when a matching one has arrived, now or later. */
class Inbox<T> {
  readonly received: T[] = [];
  private readonly wakeups = new Set<() => void>();

  push(item: T): void {
    this.received.push(item);
    for (const wake of [...this.wakeups]) wake();
  }

  async first(predicate: (item: T) => boolean = () => true): Promise<T> {
    for (;;) {
      const found = this.received.find(predicate);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.wakeups.delete(wake);
          resolve();
        };
        this.wakeups.add(wake);
      });
    }
  }
}

/** Re-checks a condition on every turn of the event loop until it holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startEmulator(options: Partial<StreamingLayerOptions> = {}) {
  const layer = createStreamingLayer({
    authenticate: (token) => (token === TOKEN ? { userId: USER_ID } : undefined),
    timeoutSeconds: 30,
    ...options,
  });
  const server = createServer((_request, response) => {
    response.statusCode = 404;
    response.end();
  });
  layer.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(async () => {
    layer.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { layer, instanceUrl };
}

function subscriber(
  instanceUrl: string,
  channel: string,
  replayId: number | null,
  accessToken = TOKEN,
) {
  const conn = new jsforce.Connection({ instanceUrl, accessToken, version: '62.0' });
  const events = new Inbox<StreamedEvent>();
  const authFailures = new Inbox<BayeuxReply>();
  const client = conn.streaming.createClient([
    new StreamingExtension.AuthFailure((message: BayeuxReply) => authFailures.push(message)),
    new StreamingExtension.Replay(channel, replayId),
  ]) as unknown as FayeClient;
  const subscription = client.subscribe(channel, (data) => events.push(data as StreamedEvent));
  const subscribed = new Promise<void>((resolve, reject) =>
    subscription.then(() => resolve(), reject),
  );
  cleanups.push(() => client.disconnect());
  return { events, authFailures, subscribed };
}

let transactions = 0;
function writeContext(overrides: Partial<WriteContext> = {}): WriteContext {
  transactions += 1;
  return {
    clientId: 'okta-sync',
    apiVersion: '62.0',
    api: 'rest',
    userId: USER_ID,
    transactionKey: `0000${transactions.toString(16).padStart(4, '0')}-ce66-0611-9018-30a98446c9f2`,
    ...overrides,
  };
}

function contactCreated(recordId: string, lastName: string): RecordChange {
  return {
    entityName: 'Contact',
    changeType: 'CREATE',
    recordId,
    fields: {
      Id: recordId,
      FirstName: 'Ada',
      LastName: lastName,
      Name: `Ada ${lastName}`,
      Email: `${lastName.toLowerCase()}@example.com`,
      Phone: null,
      OwnerId: USER_ID,
      CreatedDate: '2025-01-02T03:04:05.000+0000',
      CreatedById: USER_ID,
      LastModifiedDate: '2025-01-02T03:04:05.000+0000',
      LastModifiedById: USER_ID,
    },
  };
}

function contactUpdated(recordId: string, fields: Record<string, unknown>): RecordChange {
  return {
    entityName: 'Contact',
    changeType: 'UPDATE',
    recordId,
    fields: {
      ...fields,
      LastModifiedDate: '2025-01-02T04:00:00.000+0000',
      LastModifiedById: USER_ID,
    },
  };
}

const replayIds = (events: readonly StreamedEvent[]) => events.map((e) => e.event.replayId);

/** Publishes a marker update and waits for it: everything published before it has arrived. */
async function drain(layer: StreamingLayer, events: Inbox<StreamedEvent>): Promise<number> {
  layer.sink.recordChanges(writeContext(), [contactUpdated('003xx000000MARK', { Title: 'x' })]);
  const marker = await events.first((e) =>
    e.payload.ChangeEventHeader.recordIds.includes('003xx000000MARK'),
  );
  return marker.event.replayId;
}

describe('CometD change data capture with jsforce', () => {
  it('delivers CREATE, UPDATE and DELETE events with Salesforce headers and bodies', async () => {
    const { layer, instanceUrl } = await startEmulator();
    const contact = subscriber(instanceUrl, CONTACT_CHANNEL, -1);
    const all = subscriber(instanceUrl, '/data/ChangeEvents', -1);
    await Promise.all([contact.subscribed, all.subscribed]);

    const create = writeContext();
    layer.sink.recordChanges(create, [contactCreated('003xx000000AAAA', 'Lovelace')]);
    layer.sink.recordChanges(writeContext({ clientId: undefined }), [
      contactUpdated('003xx000000AAAA', { Email: 'ada@example.org', Phone: null }),
    ]);
    layer.sink.recordChanges(writeContext({ api: 'bulk2' }), [
      { entityName: 'Contact', changeType: 'DELETE', recordId: '003xx000000AAAA', fields: {} },
    ]);

    const deleted = await contact.events.first(
      (e) => e.payload.ChangeEventHeader.changeType === 'DELETE',
    );
    const [created, updated] = contact.events.received;
    expect(created).toEqual({
      schema: expect.stringMatching(/^[\w-]{22}$/),
      payload: {
        ChangeEventHeader: {
          entityName: 'Contact',
          recordIds: ['003xx000000AAAA'],
          changeType: 'CREATE',
          changedFields: [],
          nulledFields: [],
          diffFields: [],
          changeOrigin: 'com/salesforce/api/rest/62.0;client=okta-sync',
          transactionKey: create.transactionKey,
          sequenceNumber: 1,
          commitTimestamp: expect.any(Number),
          commitUser: USER_ID,
          commitNumber: expect.any(Number),
        },
        Name: { FirstName: 'Ada', LastName: 'Lovelace' },
        Email: 'lovelace@example.com',
        OwnerId: USER_ID,
        CreatedDate: '2025-01-02T03:04:05.000Z',
        CreatedById: USER_ID,
        LastModifiedDate: '2025-01-02T03:04:05.000Z',
        LastModifiedById: USER_ID,
      },
      event: { replayId: expect.any(Number) },
    });
    expect(updated?.payload).toEqual({
      ChangeEventHeader: expect.objectContaining({
        changeType: 'UPDATE',
        changedFields: ['Email', 'Phone', 'LastModifiedDate'],
        nulledFields: ['Phone'],
        changeOrigin: 'com/salesforce/api/rest/62.0',
      }),
      Email: 'ada@example.org',
      Phone: null,
      LastModifiedDate: '2025-01-02T04:00:00.000Z',
    });
    expect(deleted.payload).toEqual({
      ChangeEventHeader: expect.objectContaining({
        changeType: 'DELETE',
        recordIds: ['003xx000000AAAA'],
        changedFields: [],
        changeOrigin: 'com/salesforce/api/bulkapi/62.0;client=okta-sync',
      }),
    });
    expect(replayIds(contact.events.received)).toEqual(
      [...replayIds(contact.events.received)].sort((a, b) => a - b),
    );

    // /data/ChangeEvents carries the same events, under its own channel name.
    await all.events.first((e) => e.payload.ChangeEventHeader.changeType === 'DELETE');
    expect(all.events.received).toEqual(contact.events.received);
    expect(layer.published('/data/ChangeEvents').map((e) => e.channel)).toEqual([
      '/data/ChangeEvents',
      '/data/ChangeEvents',
      '/data/ChangeEvents',
    ]);
  });

  it('merges identical changes of one transaction into one event with several recordIds', async () => {
    const { layer, instanceUrl } = await startEmulator();
    const contact = subscriber(instanceUrl, CONTACT_CHANNEL, -1);
    await contact.subscribed;

    const composite = writeContext({ api: 'composite' });
    layer.sink.recordChanges(composite, [
      contactUpdated('003xx000000AAAA', { Okta_Status__c: 'DEPROVISIONED' }),
      contactUpdated('003xx000000BBBB', { Okta_Status__c: 'DEPROVISIONED' }),
      contactUpdated('003xx000000CCCC', { Okta_Status__c: 'ACTIVE' }),
      { entityName: 'Lead', changeType: 'DELETE', recordId: '00Qxx000000AAAA', fields: {} },
    ]);

    const second = await contact.events.first(
      (e) => e.payload.ChangeEventHeader.sequenceNumber === 2,
    );
    const first = contact.events.received[0];
    expect(first?.payload.ChangeEventHeader).toMatchObject({
      recordIds: ['003xx000000AAAA', '003xx000000BBBB'],
      sequenceNumber: 1,
      transactionKey: composite.transactionKey,
      changeOrigin: 'com/salesforce/api/rest/62.0;client=okta-sync',
    });
    expect(second.payload.ChangeEventHeader).toMatchObject({
      recordIds: ['003xx000000CCCC'],
      transactionKey: composite.transactionKey,
      commitNumber: first?.payload.ChangeEventHeader.commitNumber,
    });
    expect(layer.published('/data/LeadChangeEvent')[0]?.data.payload).toMatchObject({
      ChangeEventHeader: { entityName: 'Lead', sequenceNumber: 3, recordIds: ['00Qxx000000AAAA'] },
    });
  });

  it('replays the events a client missed while it was away, once each', async () => {
    const { layer, instanceUrl } = await startEmulator();
    const before = subscriber(instanceUrl, CONTACT_CHANNEL, -1);
    await before.subscribed;
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000AAAA', 'One')]);
    const seen = (await before.events.first()).event.replayId;
    cleanups.pop()?.(); // the first client goes away

    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000BBBB', 'Two')]);
    layer.sink.recordChanges(writeContext(), [
      { entityName: 'Account', changeType: 'DELETE', recordId: '001xx000000AAAA', fields: {} },
    ]);
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000CCCC', 'Three')]);
    const missed = layer
      .published(CONTACT_CHANNEL)
      .map((e) => e.data.event.replayId)
      .filter((id) => id > seen);

    const after = subscriber(instanceUrl, CONTACT_CHANNEL, seen);
    await after.subscribed;
    const marker = await drain(layer, after.events);
    expect(missed).toHaveLength(2);
    expect(replayIds(after.events.received)).toEqual([...missed, marker]);
  });

  it('replays every retained event for -2 and nothing old for -1', async () => {
    const { layer, instanceUrl } = await startEmulator();
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000AAAA', 'One')]);
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000BBBB', 'Two')]);
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000CCCC', 'Three')]);
    const [first, ...retained] = layer.published(CONTACT_CHANNEL).map((e) => e.data.event.replayId);
    layer.expireBefore(retained[0] ?? 0);

    const all = subscriber(instanceUrl, CONTACT_CHANNEL, -2);
    const fresh = subscriber(instanceUrl, CONTACT_CHANNEL, -1);
    await Promise.all([all.subscribed, fresh.subscribed]);
    const marker = await drain(layer, all.events);
    await fresh.events.first((e) => e.event.replayId === marker);

    expect(first).toBeDefined();
    expect(replayIds(all.events.received)).toEqual([...retained, marker]);
    expect(replayIds(fresh.events.received)).toEqual([marker]);
  });

  it('refuses a replay id that fell out of the retention window with the Salesforce error', async () => {
    let clock = Date.parse('2025-01-01T00:00:00Z');
    const { layer, instanceUrl } = await startEmulator({ now: () => clock });
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000AAAA', 'One')]);
    const [stale] = layer.published(CONTACT_CHANNEL).map((e) => e.data.event.replayId);
    clock += 73 * 60 * 60 * 1000;
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000BBBB', 'Two')]);
    layer.expireBefore(new Date(clock));

    const late = subscriber(instanceUrl, CONTACT_CHANNEL, (stale ?? 0) - 1);
    const error = await late.subscribed.then(
      () => undefined,
      (e: unknown) => e as { message: string },
    );
    expect(error?.message).toBe(invalidReplayIdError((stale ?? 0) - 1));
    expect(error?.message).toBe(
      `400::The replayId {${(stale ?? 0) - 1}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`,
    );
    expect(layer.stats().subscriptions[CONTACT_CHANNEL]).toBeUndefined();
  });

  it('rejects a bad token at the handshake so that AuthFailure fires', async () => {
    const { instanceUrl } = await startEmulator();
    const intruder = subscriber(instanceUrl, CONTACT_CHANNEL, -1, 'not-a-session');
    const failure = await intruder.authFailures.first();
    expect(failure).toMatchObject({
      channel: '/meta/handshake',
      successful: false,
      error: '403::Handshake denied',
      ext: { sfdc: { failureReason: '401::Authentication invalid' } },
      advice: { reconnect: 'none' },
    });
  });

  it('rejects subscriptions to channels that do not exist', async () => {
    const { instanceUrl } = await startEmulator();
    const attempt = subscriber(instanceUrl, '/data/UserChangeEvent', -1);
    await expect(attempt.subscribed).rejects.toMatchObject({
      message:
        '400::The channel you requested to subscribe to does not exist {/data/UserChangeEvent}',
    });
  });

  it('after a server restart the client resubscribes from its last replay id and loses nothing', async () => {
    const { layer, instanceUrl } = await startEmulator();
    const contact = subscriber(instanceUrl, CONTACT_CHANNEL, -1);
    await contact.subscribed;
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000AAAA', 'Before')]);
    await contact.events.first();
    await until(() => layer.stats().longPolls === 1);

    layer.restart();
    expect(layer.stats().clients).toBe(0);
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000BBBB', 'During')]);
    await contact.events.first(
      (e) => e.payload.ChangeEventHeader.recordIds[0] === '003xx000000BBBB',
    );
    const marker = await drain(layer, contact.events);

    expect(replayIds(contact.events.received)).toEqual([
      ...layer.published(CONTACT_CHANNEL).map((e) => e.data.event.replayId),
    ]);
    expect(replayIds(contact.events.received).at(-1)).toBe(marker);
    expect(layer.stats()).toMatchObject({ clients: 1, subscriptions: { [CONTACT_CHANNEL]: 1 } });
  });

  it('after a dropped connection the same session resumes and receives what was queued', async () => {
    const { layer, instanceUrl } = await startEmulator();
    const contact = subscriber(instanceUrl, CONTACT_CHANNEL, -1);
    await contact.subscribed;
    await until(() => layer.stats().longPolls === 1);
    layer.disconnectAll();
    expect(layer.stats().longPolls).toBe(0);
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000AAAA', 'Queued')]);
    const queued = await contact.events.first();
    expect(queued.payload.ChangeEventHeader.recordIds).toEqual(['003xx000000AAAA']);
    expect(layer.stats().clients).toBe(1);
  });

  it('serves every configured API version from the same event log', async () => {
    const { layer, instanceUrl } = await startEmulator({ apiVersions: ['61.0', '62.0'] });
    const conn = new jsforce.Connection({ instanceUrl, accessToken: TOKEN, version: '61.0' });
    const client = conn.streaming.createClient([
      new StreamingExtension.Replay(CONTACT_CHANNEL, -2),
    ]) as unknown as FayeClient;
    cleanups.push(() => client.disconnect());
    const events = new Inbox<StreamedEvent>();
    layer.sink.recordChanges(writeContext(), [contactCreated('003xx000000AAAA', 'Old')]);
    await client.subscribe(CONTACT_CHANNEL, (data) => events.push(data as StreamedEvent));

    const marker = await drain(layer, events);
    expect(replayIds(events.received)).toEqual([marker - 1, marker]);
    expect(layer.stats().subscriptions).toEqual({ [CONTACT_CHANNEL]: 1 });
  });

  it('delivers header-only gap and overflow events', async () => {
    const { layer, instanceUrl } = await startEmulator();
    const contact = subscriber(instanceUrl, CONTACT_CHANNEL, -1);
    await contact.subscribed;

    layer.emitGap('Contact', 'GAP_UPDATE', ['003xx000000AAAA', '003xx000000BBBB']);
    layer.emitOverflow('Contact');

    const overflow = await contact.events.first(
      (e) => e.payload.ChangeEventHeader.changeType === 'GAP_OVERFLOW',
    );
    const gap = contact.events.received[0];
    expect(gap?.payload).toEqual({
      ChangeEventHeader: expect.objectContaining({
        entityName: 'Contact',
        changeType: 'GAP_UPDATE',
        recordIds: ['003xx000000AAAA', '003xx000000BBBB'],
        changeOrigin: '',
        sequenceNumber: 1,
      }),
    });
    expect(overflow.payload).toEqual({
      ChangeEventHeader: expect.objectContaining({
        entityName: 'Contact',
        recordIds: ['000000000000000AAA'],
        changedFields: [],
      }),
    });
  });

  it('delivers platform events on /event/<Name> with CreatedDate, CreatedById and EventUuid', async () => {
    const { layer, instanceUrl } = await startEmulator();
    const channel = '/event/Okta_Config_Changed__e';
    const listener = subscriber(instanceUrl, channel, -1);
    await listener.subscribed;

    const replayId = layer.sink.publishPlatformEvent(writeContext(), 'Okta_Config_Changed__e', {
      Setting__c: 'deprovision.fallbackQueue',
    });
    const received = await listener.events.first();
    expect(received).toEqual({
      schema: expect.stringMatching(/^[\w-]{22}$/),
      payload: {
        Setting__c: 'deprovision.fallbackQueue',
        CreatedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        CreatedById: USER_ID,
      },
      event: {
        replayId,
        EventUuid: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        ),
      },
    });
    expect(() => layer.sink.publishPlatformEvent(writeContext(), 'Nope__e', {})).toThrow();
  });
});

describe('CometD wire rules', () => {
  async function post(instanceUrl: string, messages: object[], headers: Record<string, string>) {
    const response = await fetch(`${instanceUrl}/cometd/62.0`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(messages),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as BayeuxReply[];
  }

  it('asks for authentication when the handshake carries no token', async () => {
    const { instanceUrl } = await startEmulator();
    const [reply] = await post(
      instanceUrl,
      [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }],
      {},
    );
    expect(reply).toMatchObject({
      successful: false,
      error: '403::Handshake denied',
      ext: { sfdc: { failureReason: '401::Request requires authentication' } },
      advice: { reconnect: 'none' },
    });
  });

  it('answers a handshake like Salesforce and an unknown client with 403', async () => {
    const { instanceUrl } = await startEmulator();
    const auth = { authorization: `OAuth ${TOKEN}` };
    const [handshake] = await post(
      instanceUrl,
      [
        {
          channel: '/meta/handshake',
          version: '1.0',
          supportedConnectionTypes: ['long-polling', 'websocket'],
        },
      ],
      auth,
    );
    expect(handshake).toMatchObject({
      successful: true,
      supportedConnectionTypes: ['long-polling'],
      ext: { replay: true, 'payload.format': true },
    });
    const [connect] = await post(
      instanceUrl,
      [{ channel: '/meta/connect', clientId: 'gone', connectionType: 'long-polling' }],
      auth,
    );
    expect(connect).toMatchObject({
      successful: false,
      error: '403::Unknown client',
      advice: { reconnect: 'handshake', interval: 0 },
    });
  });

  it('ends a session whose token stopped being valid with 401 and no reconnect', async () => {
    let valid = true;
    const { instanceUrl } = await startEmulator({
      authenticate: () => (valid ? { userId: USER_ID } : undefined),
    });
    const auth = { authorization: `OAuth ${TOKEN}` };
    const [handshake] = await post(
      instanceUrl,
      [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }],
      auth,
    );
    valid = false;
    const [connect] = await post(
      instanceUrl,
      [{ channel: '/meta/connect', clientId: handshake?.clientId, connectionType: 'long-polling' }],
      auth,
    );
    expect(connect).toMatchObject({
      successful: false,
      error: '401::Authentication invalid',
      advice: { reconnect: 'none' },
    });
  });
});
