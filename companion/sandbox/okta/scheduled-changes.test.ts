/**
 * Profile edits planned ahead (`scheduleProfileUpdates`), read back through the Okta SDK: the
 * events are known when planned, the edit shows from its time on, and not before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { startOktaEmulator, type LogEvent, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

const seed = generateSeed({ users: 12, seed: 11 });
const active = seed.okta.users.filter((u) => u.status === 'ACTIVE');

let emulator: OktaEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function startAt(clock: { ms: number }) {
  emulator = await startOktaEmulator({ seed: seed.okta, now: () => new Date(clock.ms) });
  return { emulator, client: oktaSdkClient(emulator.url, { token: emulator.token }) };
}

const titleOf = async (client: ReturnType<typeof oktaSdkClient>, userId: string) =>
  (await client.userApi.getUser({ userId })).profile?.title;

describe('scheduled profile updates', () => {
  it('returns the events when planned and makes each edit from its time on, as the System Log shows', async () => {
    const clock = { ms: Date.parse('2026-12-03T10:00:00.000Z') };
    const { emulator: okta, client } = await startAt(clock);
    const user = required(active[0]).id;
    const before = await titleOf(client, user);
    const logged: LogEvent[] = [];
    okta.onLogEvent((event) => logged.push(event));

    const events = okta.scheduleProfileUpdates([
      { idOrLogin: user, profile: { title: 'First' }, atMs: clock.ms + 1000 },
      { idOrLogin: user, profile: { title: 'Second' }, atMs: clock.ms + 2000 },
    ]);
    expect(events.map((e) => e?.published)).toEqual([
      '2026-12-03T10:00:01.000Z',
      '2026-12-03T10:00:02.000Z',
    ]);
    // Each event says what its edit changes from what the one before will have left.
    expect(events.map((e) => e?.target?.[0]?.changeDetails)).toEqual([
      { from: { title: before ?? null }, to: { title: 'First' } },
      { from: { title: 'First' }, to: { title: 'Second' } },
    ]);
    expect(await titleOf(client, user)).toBe(before);
    expect(logged).toEqual([]);

    clock.ms += 1000;
    expect(await titleOf(client, user)).toBe('First');
    clock.ms += 5000;
    expect(await titleOf(client, user)).toBe('Second');
    expect(logged.map((e) => e.uuid)).toEqual(events.map((e) => e?.uuid));

    const page = await client.systemLogApi.listLogEvents({
      filter: `target.id eq "${user}"`,
      since: '2026-12-03T09:00:00.000Z',
      until: '2026-12-03T11:00:00.000Z',
    });
    const uuids: string[] = [];
    for await (const event of page) if (event?.uuid) uuids.push(event.uuid);
    expect(uuids).toEqual(expect.arrayContaining(events.map((e) => required(e).uuid)));
  });

  it('keeps changes made since planning, and logs nothing for an edit that changes nothing', async () => {
    const clock = { ms: Date.now() };
    const { emulator: okta, client } = await startAt(clock);
    const user = required(active[1]);
    const [unchanged, planned] = okta.scheduleProfileUpdates([
      { idOrLogin: user.id, profile: { title: user.profile.title ?? null }, atMs: clock.ms + 10 },
      { idOrLogin: user.id, profile: { title: 'Planned' }, atMs: clock.ms + 20 },
    ]);
    expect(unchanged).toBeUndefined();
    expect(planned?.eventType).toBe('user.account.update_profile');
    await client.userApi.updateUser({
      userId: user.id,
      user: { profile: { ...user.profile, department: 'Changed meanwhile' } },
    });
    clock.ms += 20;
    const profile = (await client.userApi.getUser({ userId: user.id })).profile;
    expect(profile).toMatchObject({ title: 'Planned', department: 'Changed meanwhile' });
  });

  it('does not make an edit Okta would refuse by its time (the user deprovisioned since)', async () => {
    const clock = { ms: Date.now() };
    const { emulator: okta } = await startAt(clock);
    const user = required(active[2]).id;
    const logged: LogEvent[] = [];
    okta.onLogEvent((event) => logged.push(event));
    okta.scheduleProfileUpdates([
      { idOrLogin: user, profile: { title: 'Late' }, atMs: clock.ms + 5 },
    ]);
    okta.setUserStatus(user, 'DEPROVISIONED');
    logged.length = 0;
    clock.ms += 5;
    expect(okta.state.users.get(user)?.profile['title']).not.toBe('Late');
    expect(logged).toEqual([]);
  });

  it('refuses updates out of time order or invalid, and then plans none of them', async () => {
    const clock = { ms: Date.now() };
    const { emulator: okta } = await startAt(clock);
    const user = required(active[3]).id;
    expect(() =>
      okta.scheduleProfileUpdates([
        { idOrLogin: user, profile: { title: 'b' }, atMs: clock.ms + 20 },
        { idOrLogin: user, profile: { title: 'a' }, atMs: clock.ms + 10 },
      ]),
    ).toThrow(/time order/);
    expect(() =>
      okta.scheduleProfileUpdates([
        { idOrLogin: user, profile: { title: 'c' }, atMs: clock.ms + 10 },
        { idOrLogin: '00unosuchuser', profile: { title: 'd' }, atMs: clock.ms + 10 },
      ]),
    ).toThrow();
    clock.ms += 100;
    expect(okta.state.users.get(user)?.profile['title']).not.toBe('c');
  });

  it('makes a due edit by itself when nobody asks the org (a timer)', async () => {
    emulator = await startOktaEmulator({ seed: seed.okta });
    const okta = emulator;
    const user = required(active[4]).id;
    const made = new Promise<LogEvent>((resolve) => okta.onLogEvent(resolve));
    const [event] = okta.scheduleProfileUpdates([
      { idOrLogin: user, profile: { title: 'On time' }, atMs: Date.now() + 20 },
    ]);
    expect((await made).uuid).toBe(event?.uuid);
  });
});
