/**
 * The realistic profile of the emulated Okta org, driven through the Okta SDK: at-least-once and
 * reordered event hook deliveries, a System Log that lags the hooks, an eventually consistent
 * Users `search`; and, in every profile, `filter` results that include DEPROVISIONED users.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateSeed } from '../seed.js';
import { sandboxProfile, type OktaTiming } from '../profile.js';
import { startOktaEmulator, type LogEvent, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

const seed = generateSeed({ users: 20, seed: 5 });
const active = seed.okta.users.filter((u) => u.status === 'ACTIVE');
const WAIT = { timeout: 20_000, interval: 50 };

/** Records every event a hook POST carries, in arrival order. */
class Receiver {
  readonly arrivals: LogEvent[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'GET') {
          const challenge = String(req.headers['x-okta-verification-challenge'] ?? '');
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ verification: challenge }));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          data: { events: LogEvent[] };
        };
        this.arrivals.push(...body.data.events);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/okta`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let emulator: OktaEmulator | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await emulator?.close();
  await receiver?.stop();
  emulator = undefined;
  receiver = undefined;
});

async function start(timing: Partial<OktaTiming>, hookDelivery = {}) {
  const profile = sandboxProfile('realistic', { okta: timing, seed: 7 });
  emulator = await startOktaEmulator({
    seed: seed.okta,
    timing: profile.okta,
    random: profile.random,
    hookDelivery,
  });
  return { emulator, client: oktaSdkClient(emulator.url, { token: emulator.token }) };
}

async function hookTo(client: ReturnType<typeof oktaSdkClient>, url: string) {
  const hook = await client.eventHookApi.createEventHook({
    eventHook: {
      name: 'realistic',
      events: { type: 'EVENT_TYPE', items: ['user.account.update_profile'] },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: { uri: url, authScheme: { type: 'HEADER', key: 'Authorization', value: 's' } },
      },
    },
  });
  await client.eventHookApi.verifyEventHook({ eventHookId: required(hook.id) });
}

describe('event hooks, at least once (Event Hooks: "delivery is at least once", may be out of order)', () => {
  it('delivers every event, some twice, batches out of published order', async () => {
    receiver = new Receiver();
    await receiver.start();
    const { emulator: okta, client } = await start(
      {
        hookDelay: { minMs: 0, maxMs: 600 },
        hookDuplicateRate: 0.5,
        logPersistenceLag: { minMs: 0, maxMs: 0 },
      },
      { maxBatchSize: 1, lingerMs: 1 },
    );
    await hookTo(client, receiver.url);
    const users = active.slice(0, 12);
    for (const [i, user] of users.entries()) {
      await client.userApi.updateUser({ userId: user.id, user: { profile: { title: `T${i}` } } });
    }
    const published = okta.state.logs
      .filter((e) => e.eventType === 'user.account.update_profile')
      .map((e) => e.uuid);
    await okta.whenHooksIdle();
    const arrived = receiver.arrivals.map((e) => e.uuid);
    expect(new Set(arrived)).toEqual(new Set(published));
    expect(arrived.length).toBeGreaterThan(published.length); // duplicates
    const firsts = arrived.filter((id, i) => arrived.indexOf(id) === i);
    expect(firsts).not.toEqual(published); // reordered across batches
    expect(okta.hookStats().duplicated).toBe(arrived.length - published.length);
  });
});

describe('event hook timing changed on a running org', () => {
  it('delivers exactly once after the duplicate rate is set to zero, and twice at one', async () => {
    receiver = new Receiver();
    await receiver.start();
    const { emulator: okta, client } = await start(
      { hookDelay: { minMs: 0, maxMs: 50 }, hookDuplicateRate: 1 },
      { maxBatchSize: 1, lingerMs: 1 },
    );
    await hookTo(client, receiver.url);
    const [first, second] = active;
    if (!first || !second) throw new Error('two active users needed');
    okta.retimeHooks({ hookDuplicateRate: 0 });
    await client.userApi.updateUser({ userId: first.id, user: { profile: { title: 'Once' } } });
    await okta.whenHooksIdle();
    expect(receiver.arrivals.map((e) => e.target[0]?.id)).toEqual([first.id]);

    okta.retimeHooks({ hookDuplicateRate: 1, hookDelay: { minMs: 0, maxMs: 0 } });
    await client.userApi.updateUser({ userId: second.id, user: { profile: { title: 'Twice' } } });
    await okta.whenHooksIdle();
    expect(receiver.arrivals.map((e) => e.target[0]?.id)).toEqual([first.id, second.id, second.id]);
  });

  it('refuses a duplicate rate outside 0..1 and a delay range that ends before it starts', async () => {
    const { emulator: okta } = await start({});
    expect(() => okta.retimeHooks({ hookDuplicateRate: 1.5 })).toThrow(/within 0\.\.1/);
    expect(() => okta.retimeHooks({ hookDelay: { minMs: 10, maxMs: 5 } })).toThrow(
      /minMs <= maxMs/,
    );
  });
});

describe('System Log persistence lag (System Log API: polling filters on persistence time)', () => {
  it('hooks see an event before polling does; the log is not in published order', async () => {
    receiver = new Receiver();
    await receiver.start();
    const { emulator: okta, client } = await start({
      logPersistenceLag: { minMs: 1500, maxMs: 3000 },
    });
    await hookTo(client, receiver.url);
    const before = okta.state.logs.length;
    const users = active.slice(0, 8);
    for (const [i, user] of users.entries()) {
      await client.userApi.updateUser({ userId: user.id, user: { profile: { title: `L${i}` } } });
    }
    await vi.waitFor(() => expect(receiver?.arrivals).toHaveLength(users.length), WAIT);
    // Delivered by the hook, not yet visible to polling (the lag is at least 1.5 s).
    expect(okta.state.logs.length - before).toBeLessThan(users.length);
    await vi.waitFor(() => expect(okta.state.logs.length - before).toBe(users.length), WAIT);
    const persisted = okta.state.logs.slice(before).map((e) => e.published);
    expect(persisted).not.toEqual([...persisted].sort());
  });
});

describe('System Log events observed as recorded', () => {
  it('hands each event to observers at once, while polling does not see it yet', async () => {
    const { emulator: okta } = await start({ logPersistenceLag: { minMs: 60_000, maxMs: 60_000 } });
    const before = okta.state.logs.length;
    const observed: LogEvent[] = [];
    const stop = okta.onLogEvent((event) => observed.push(event));
    const [first, second] = active;
    okta.updateUserDirect(required(first).id, { title: 'Observed 1' });
    stop();
    okta.updateUserDirect(required(second).id, { title: 'Not observed' });

    expect(observed.map((e) => [e.eventType, e.target?.[0]?.id])).toEqual([
      ['user.account.update_profile', required(first).id],
    ]);
    // Both are still persisting: neither is in the polled log yet.
    expect(okta.state.logs.length).toBe(before);
  });
});

describe('Users search is eventually consistent (Users API: "search results are eventually consistent")', () => {
  it('filter and GET see a new user at once, search only after the lag', async () => {
    const { client } = await start({ searchLagMs: 2000 });
    const user = await client.userApi.createUser({
      body: {
        profile: {
          login: 'late.comer@example.test',
          email: 'late.comer@example.test',
          firstName: 'Late',
          lastName: 'Comer',
        },
      },
      activate: false,
    });
    const ids = async (params: { search?: string; filter?: string }) => {
      const found: string[] = [];
      for await (const u of await client.userApi.listUsers(params)) if (u?.id) found.push(u.id);
      return found;
    };
    expect(await ids({ filter: 'profile.login eq "late.comer@example.test"' })).toEqual([user.id]);
    expect((await client.userApi.getUser({ userId: required(user.id) })).id).toBe(user.id);
    expect(await ids({ search: 'profile.login eq "late.comer@example.test"' })).toEqual([]);
    await vi.waitFor(
      async () =>
        expect(await ids({ search: 'profile.login eq "late.comer@example.test"' })).toEqual([
          user.id,
        ]),
      WAIT,
    );
  });
});

describe('Users filter includes DEPROVISIONED users (Users API, "List all users")', () => {
  it('finds a deactivated user by filter, not in a plain list', async () => {
    emulator = await startOktaEmulator({ seed: seed.okta }); // instant: a fact of the API
    const client = oktaSdkClient(emulator.url, { token: emulator.token });
    const user = required(active[0]);
    await client.userApi.deactivateUser({ userId: user.id });
    const found = [];
    for await (const u of await client.userApi.listUsers({
      filter: `profile.login eq "${String(user.profile.login)}"`,
    }))
      if (u) found.push(u);
    expect(found.map((u) => [u.id, u.status])).toEqual([[user.id, 'DEPROVISIONED']]);
    const listed: string[] = [];
    for await (const u of await client.userApi.listUsers({})) if (u?.id) listed.push(u.id);
    expect(listed).not.toContain(user.id);
  });
});
