import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { startOktaEmulator, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';
import { API_TOKEN_ADMIN } from './principals.js';

async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of collection) if (item !== null) out.push(item);
  return out;
}

const seed = generateSeed({ users: 300, seed: 11 });
const groupId = (name: string) => required(seed.okta.groups.find((g) => g.name === name)).id;
let emulator: OktaEmulator;
let client: ReturnType<typeof oktaSdkClient>;

beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: seed.okta });
  client = oktaSdkClient(emulator.url, { token: emulator.token });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('groups', () => {
  it('lists, searches, filters and finds groups by q', async () => {
    const all = await collect(await client.groupApi.listGroups({}));
    expect(all.map((g) => g.profile?.name).sort()).toEqual(
      seed.okta.groups.map((g) => g.name).sort(),
    );
    const sales = await collect(await client.groupApi.listGroups({ q: 'sales' }));
    expect(sales.map((g) => g.profile?.name).sort()).toEqual(['Sales - East', 'Sales - West']);
    const searched = await collect(
      await client.groupApi.listGroups({ search: 'profile.name eq "VIP Customers"' }),
    );
    expect(searched.map((g) => g.id)).toEqual([groupId('VIP Customers')]);
    const filtered = await collect(
      await client.groupApi.listGroups({ filter: 'type eq "OKTA_GROUP"' }),
    );
    // Everyone is the org's built-in group, not an Okta group.
    expect(filtered).toHaveLength(seed.okta.groups.length - 1);
    const builtIn = await collect(
      await client.groupApi.listGroups({ filter: 'type eq "BUILT_IN"' }),
    );
    expect(builtIn.map((g) => g.profile?.name)).toEqual(['Everyone']);
  });

  it('pages groups with limit and after', async () => {
    const paged = await collect(await client.groupApi.listGroups({ limit: 2 }));
    expect(paged.map((g) => g.id)).toEqual(seed.okta.groups.map((g) => g.id).sort());
  });

  it('gets a group; an unknown group is 404 E0000007', async () => {
    const group = await client.groupApi.getGroup({ groupId: groupId('Everyone') });
    expect(group).toMatchObject({ type: 'BUILT_IN', profile: { name: 'Everyone' } });
    await expect(
      client.groupApi.getGroup({ groupId: '00gNope00000000000000' }),
    ).rejects.toMatchObject({
      status: 404,
      errorCode: 'E0000007',
    });
  });

  it('pages the members of a group', async () => {
    const members = await collect(
      await client.groupApi.listGroupUsers({ groupId: groupId('Everyone'), limit: 70 }),
    );
    expect(members.map((u) => u.id)).toEqual(
      [...seed.okta.users.map((u) => u.id), API_TOKEN_ADMIN.id].sort(),
    );
  });

  it('adds and removes members (204) and logs membership events with User and UserGroup targets', async () => {
    const gid = groupId('Support Tier 2');
    const user = required(seed.okta.users[0]);
    await client.groupApi.assignUserToGroup({ groupId: gid, userId: user.id });
    await client.groupApi.assignUserToGroup({ groupId: gid, userId: user.id });
    expect(emulator.state.isMember(gid, user.id)).toBe(true);
    const members = await collect(await client.groupApi.listGroupUsers({ groupId: gid }));
    expect(members.map((u) => u.id)).toEqual([user.id]);
    await client.groupApi.unassignUserFromGroup({ groupId: gid, userId: user.id });
    expect(emulator.state.isMember(gid, user.id)).toBe(false);
    const events = emulator.state.logs;
    expect(events.map((e) => e.eventType)).toEqual([
      'group.user_membership.add',
      'group.user_membership.remove',
    ]);
    expect(required(events[0]).target.map((t) => [t.type, t.id])).toEqual([
      ['User', user.id],
      ['UserGroup', gid],
    ]);
  });

  it('answers 404 E0000007 for unknown users or groups in membership calls', async () => {
    await expect(
      client.groupApi.assignUserToGroup({
        groupId: groupId('VIP Customers'),
        userId: '00uNope00000000000000',
      }),
    ).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
    await expect(
      client.groupApi.unassignUserFromGroup({
        groupId: '00gNope00000000000000',
        userId: required(seed.okta.users[0]).id,
      }),
    ).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('creates a group', async () => {
    const group = await client.groupApi.createGroup({
      group: { profile: { name: 'Temporary Access', description: 'x' } },
    });
    expect(group.id).toMatch(/^00g/);
    expect(emulator.state.logs.at(-1)?.eventType).toBe('group.lifecycle.create');
    await expect(
      client.groupApi.createGroup({ group: { profile: { name: 'Temporary Access' } } }),
    ).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
  });
});
