import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { startOktaEmulator, type LogEvent, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body:
    | {
        eventType: string;
        eventTypeVersion: string;
        cloudEventsVersion: string;
        contentType: string;
        eventId: string;
        eventTime: string;
        source: string;
        data: { events: LogEvent[] };
      }
    | undefined;
}

/** A tiny event hook receiver on 127.0.0.1; `answer` decides the status of each POST. */
class Receiver {
  readonly received: Received[] = [];
  answer: () => number = () => 200;
  verification: (challenge: string) => unknown = (challenge) => ({ verification: challenge });
  private server!: Server;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (req.method === 'GET') {
          this.received.push({ method: 'GET', headers: req.headers, body: undefined });
          const challenge = String(req.headers['x-okta-verification-challenge'] ?? '');
          res
            .writeHead(200, { 'Content-Type': 'application/json' })
            .end(JSON.stringify(this.verification(challenge)));
          return;
        }
        this.received.push({
          method: req.method ?? '',
          headers: req.headers,
          body: JSON.parse(text) as Received['body'],
        });
        res.writeHead(this.answer()).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/okta`;
  }

  posts() {
    return this.received.filter((r) => r.method === 'POST');
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const seed = generateSeed({ users: 40, seed: 9 });
const editable = seed.okta.users.filter((u) => u.status === 'ACTIVE');
let emulator: OktaEmulator;
let client: ReturnType<typeof oktaSdkClient>;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  emulator = await startOktaEmulator({
    seed: seed.okta,
    hookDelivery: { lingerMs: 20, timeoutMs: 1000 },
  });
  client = oktaSdkClient(emulator.url, { token: emulator.token });
});
afterAll(async () => {
  await emulator.close();
  await receiver.stop();
});
beforeEach(() => {
  emulator.reset();
  receiver.received.length = 0;
  receiver.answer = () => 200;
  receiver.verification = (challenge) => ({ verification: challenge });
});

async function createHook(
  items: string[] = ['user.account.update_profile', 'user.lifecycle.suspend'],
) {
  return client.eventHookApi.createEventHook({
    eventHook: {
      name: `sync hook ${Math.random()}`,
      events: { type: 'EVENT_TYPE', items },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: {
          uri: receiver.url,
          headers: [{ key: 'X-Custom', value: 'custom-value' }],
          authScheme: { type: 'HEADER', key: 'Authorization', value: 'hook-secret' },
        },
      },
    },
  });
}

describe('event hooks', () => {
  it('registers a hook (secret never echoed), verifies it with a GET challenge carrying the auth header', async () => {
    const hook = await createHook();
    expect(hook).toMatchObject({ status: 'ACTIVE', verificationStatus: 'UNVERIFIED' });
    expect(hook.channel?.config?.authScheme).toEqual({ type: 'HEADER', key: 'Authorization' });
    const verified = await client.eventHookApi.verifyEventHook({ eventHookId: required(hook.id) });
    expect(verified.verificationStatus).toBe('VERIFIED');
    const get = required(receiver.received.find((r) => r.method === 'GET'));
    expect(get.headers['x-okta-verification-challenge']).toBeTruthy();
    expect(get.headers['authorization']).toBe('hook-secret');
    const listed = await client.eventHookApi.listEventHooks();
    const ids: string[] = [];
    for await (const h of listed) ids.push(required(required(h).id));
    expect(ids).toEqual([hook.id]);
  });

  it('fails verification with 400 E0000001 when the endpoint does not echo the challenge', async () => {
    receiver.verification = () => ({ verification: 'something else' });
    const hook = await createHook();
    await expect(
      client.eventHookApi.verifyEventHook({ eventHookId: required(hook.id) }),
    ).rejects.toMatchObject({
      status: 400,
      errorCode: 'E0000001',
    });
    expect(emulator.state.hooks.get(required(hook.id))?.verificationStatus).toBe('UNVERIFIED');
  });

  it('delivers subscribed events in the event hook envelope with auth and custom headers', async () => {
    const hook = await createHook();
    await client.eventHookApi.verifyEventHook({ eventHookId: required(hook.id) });
    const user = required(editable[0]);
    await client.userApi.updateUser({ userId: user.id, user: { profile: { title: 'Hooked' } } });
    emulator.setUserStatus(user.id, 'SUSPENDED');
    emulator.addToGroupDirect(required(seed.okta.groups[2]).id, user.id); // not subscribed
    await emulator.whenHooksIdle();
    const posts = receiver.posts();
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts) {
      expect(post.headers['authorization']).toBe('hook-secret');
      expect(post.headers['x-custom']).toBe('custom-value');
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.body).toMatchObject({
        eventType: 'com.okta.event_hook',
        eventTypeVersion: '1.0',
        cloudEventsVersion: '0.1',
        contentType: 'application/json',
        source: `${emulator.url}/api/v1/eventHooks/${hook.id}`,
        eventId: expect.any(String),
        eventTime: expect.any(String),
      });
    }
    const delivered = posts.flatMap((p) => required(p.body).data.events.map((e) => e.eventType));
    expect(delivered).toEqual(['user.account.update_profile', 'user.lifecycle.suspend']);
    expect(emulator.hookStats()).toMatchObject({ delivered: 2, failed: 0, dropped: 0 });
  });

  it('batches events that arrive together', async () => {
    const hook = await createHook();
    await client.eventHookApi.verifyEventHook({ eventHookId: required(hook.id) });
    for (let i = 0; i < 10; i++)
      emulator.updateUserDirect(required(editable[i]).id, { title: `batch ${i}` });
    await emulator.whenHooksIdle();
    const posts = receiver.posts();
    expect(posts.flatMap((p) => required(p.body).data.events)).toHaveLength(10);
    expect(posts.length).toBeLessThan(10);
  });

  it('does not deliver to unverified or inactive hooks', async () => {
    const hook = await createHook();
    emulator.updateUserDirect(required(editable[0]).id, { title: 'unverified' });
    await client.eventHookApi.verifyEventHook({ eventHookId: required(hook.id) });
    await client.eventHookApi.deactivateEventHook({ eventHookId: required(hook.id) });
    emulator.updateUserDirect(required(editable[0]).id, { title: 'inactive' });
    await emulator.whenHooksIdle();
    expect(receiver.posts()).toHaveLength(0);
  });

  it('retries once on 5xx, never on 4xx', async () => {
    const hook = await createHook();
    await client.eventHookApi.verifyEventHook({ eventHookId: required(hook.id) });
    let calls = 0;
    receiver.answer = () => (++calls === 1 ? 503 : 200);
    emulator.updateUserDirect(required(editable[0]).id, { title: 'retry me' });
    await emulator.whenHooksIdle();
    expect(emulator.hookStats()).toMatchObject({
      delivered: 1,
      failed: 0,
      retries: 1,
      requests: 2,
    });

    receiver.answer = () => 401;
    emulator.updateUserDirect(required(editable[1]).id, { title: 'rejected' });
    await emulator.whenHooksIdle();
    expect(emulator.hookStats()).toMatchObject({
      delivered: 1,
      failed: 1,
      retries: 1,
      requests: 3,
    });
  });

  it('loses deliveries on demand (fault)', async () => {
    const hook = await createHook();
    await client.eventHookApi.verifyEventHook({ eventHookId: required(hook.id) });
    emulator.faults.dropHookDeliveries(2);
    for (let i = 0; i < 3; i++)
      emulator.updateUserDirect(required(editable[i]).id, { title: `lossy ${i}` });
    await emulator.whenHooksIdle();
    expect(emulator.hookStats()).toMatchObject({ delivered: 1, dropped: 2 });
    expect(receiver.posts().flatMap((p) => required(p.body).data.events)).toHaveLength(1);
  });

  it('deletes only inactive hooks; rejects non-https URIs outside loopback', async () => {
    const hook = await createHook();
    await expect(
      client.eventHookApi.deleteEventHook({ eventHookId: required(hook.id) }),
    ).rejects.toMatchObject({ status: 400 });
    await client.eventHookApi.deactivateEventHook({ eventHookId: required(hook.id) });
    await client.eventHookApi.deleteEventHook({ eventHookId: required(hook.id) });
    expect(emulator.state.hooks.size).toBe(0);
    await expect(
      client.eventHookApi.createEventHook({
        eventHook: {
          name: 'insecure',
          events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
          channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'http://example.com/hook' } },
        },
      }),
    ).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
  });
});
