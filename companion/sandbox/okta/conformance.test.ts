/**
 * Conformance of the emulated Okta org with what Okta documents, where the Okta SDK's own
 * integration tests found the emulator disagreeing. Each case names its source.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from './index.js';
import { API_TOKEN_ADMIN } from './principals.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

let emulator: OktaEmulator;
let client: ReturnType<typeof oktaSdkClient>;

beforeAll(async () => {
  emulator = await startOktaEmulator(); // an empty org
  client = oktaSdkClient(emulator.url, { token: emulator.token });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('event hooks', () => {
  // Event Hooks API: `channel.config.authScheme.value` is write-only and never returned; a
  // replace with the returned object keeps the stored secret.
  it('keeps the stored secret when a hook is replaced with the object Okta returned', async () => {
    const created = await client.eventHookApi.createEventHook({
      eventHook: {
        name: 'companion',
        events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: 'http://127.0.0.1:9/hooks/okta',
            authScheme: { type: 'HEADER', key: 'Authorization', value: 'the-secret' },
          },
        },
      },
    });
    expect(created.channel.config.authScheme?.value).toBeUndefined();
    const id = required(created.id);
    const fetched = await client.eventHookApi.getEventHook({ eventHookId: id });
    fetched.name = 'companion (renamed)';
    const replaced = await client.eventHookApi.replaceEventHook({
      eventHookId: id,
      eventHook: fetched,
    });
    expect(replaced.name).toBe('companion (renamed)');
    expect(emulator.state.hooks.get(id)?.channel.config.authScheme?.value).toBe('the-secret');
  });
});

describe('groups', () => {
  // Groups API: "Replace a group" (PUT /api/v1/groups/{groupId}) and "Delete a group" (DELETE,
  // 204; the System Log records group.lifecycle.delete).
  it('renames and deletes an Okta group, with their System Log events', async () => {
    const group = await client.groupApi.createGroup({
      group: { profile: { name: 'Deal Desk', description: 'first' } },
    });
    const id = required(group.id);
    const renamed = await client.groupApi.replaceGroup({
      groupId: id,
      group: { profile: { name: 'Deal Desk EMEA', description: 'second' } },
    });
    expect(renamed.profile).toMatchObject({ name: 'Deal Desk EMEA', description: 'second' });
    await client.groupApi.deleteGroup({ groupId: id });
    await expect(client.groupApi.getGroup({ groupId: id })).rejects.toMatchObject({
      status: 404,
      errorCode: 'E0000007',
    });
    const types = emulator.state.logs.map((e) => e.eventType);
    expect(types).toEqual(
      expect.arrayContaining([
        'group.lifecycle.create',
        'group.profile.update',
        'group.lifecycle.delete',
      ]),
    );
    const deleted = emulator.state.logs.find((e) => e.eventType === 'group.lifecycle.delete');
    expect(deleted?.target).toEqual([
      expect.objectContaining({ id, type: 'UserGroup', displayName: 'Deal Desk EMEA' }),
    ]);
  });

  // Groups API: every org has the built-in Everyone group, which holds every user and cannot
  // be deleted or have its members edited.
  it('has the built-in Everyone group even when empty; new users join it', async () => {
    const groups = await client.groupApi.listGroups({ q: 'Everyone' });
    const everyone: { id?: string; type?: string }[] = [];
    for await (const g of groups) if (g) everyone.push(g);
    expect(everyone).toEqual([expect.objectContaining({ type: 'BUILT_IN' })]);
    const everyoneId = required(everyone[0]?.id);
    const user = await client.userApi.createUser({
      body: {
        profile: {
          login: 'new.person@example.test',
          email: 'new.person@example.test',
          firstName: 'New',
          lastName: 'Person',
        },
      },
      activate: false,
    });
    const members: string[] = [];
    for await (const u of await client.groupApi.listGroupUsers({ groupId: everyoneId }))
      if (u?.id) members.push(u.id);
    expect(members).toContain(user.id);
    await expect(client.groupApi.deleteGroup({ groupId: everyoneId })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('the API token owner', () => {
  // API tokens act as the admin who created them, an ordinary user of the org.
  it('is a user: readable by id, listed, with an admin role', async () => {
    const me = await client.userApi.getUser({ userId: API_TOKEN_ADMIN.id });
    expect(me).toMatchObject({ id: API_TOKEN_ADMIN.id, status: 'ACTIVE' });
    expect(me.profile?.login).toBe(API_TOKEN_ADMIN.login);
    const listed: string[] = [];
    for await (const u of await client.userApi.listUsers({})) if (u?.id) listed.push(u.id);
    expect(listed).toContain(API_TOKEN_ADMIN.id);
    const roles: string[] = [];
    for await (const r of await client.roleAssignmentApi.listAssignedRolesForUser({
      userId: API_TOKEN_ADMIN.id,
    }))
      if (r?.type) roles.push(r.type);
    expect(roles).toContain('SUPER_ADMIN');
  });
});
