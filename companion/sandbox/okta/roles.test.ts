import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { startOktaEmulator, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

/** The Role Assignment API as Okta documents it, driven with the real SDK. */

async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of collection) if (item !== null) out.push(item);
  return out;
}

const seed = generateSeed({ users: 40, seed: 5 });
const groupId = (name: string) => required(seed.okta.groups.find((g) => g.name === name)).id;
let emulator: OktaEmulator;
let client: ReturnType<typeof oktaSdkClient>;

beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: seed.okta });
  client = oktaSdkClient(emulator.url, { token: emulator.token });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('admin role assignments', () => {
  it('lists the seeded SUPER_ADMIN role of the admin group with Okta’s shape', async () => {
    const roles = await collect(
      await client.roleAssignmentApi.listGroupAssignedRoles({
        groupId: groupId('Okta Administrators'),
      }),
    );
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({
      type: 'SUPER_ADMIN',
      label: 'Super Administrator',
      status: 'ACTIVE',
      assignmentType: 'GROUP',
    });
    const none = await collect(
      await client.roleAssignmentApi.listGroupAssignedRoles({ groupId: groupId('Support Tier 2') }),
    );
    expect(none).toEqual([]);
  });

  it('lists a user’s roles, those held through groups included', async () => {
    const admins = seed.okta.memberships.filter(
      (m) => m.groupId === groupId('Okta Administrators'),
    );
    const adminId = required(admins[0]).userId;
    const roles = await collect(
      await client.roleAssignmentApi.listAssignedRolesForUser({ userId: adminId }),
    );
    expect(roles.map((r) => [r.type, r.assignmentType])).toEqual([['SUPER_ADMIN', 'GROUP']]);

    const customer = required(seed.okta.users.find((u) => u.profile.userType === 'Customer'));
    const response = await fetch(`${emulator.url}/api/v1/users/${customer.id}/roles`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${emulator.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'HELP_DESK_ADMIN' }),
    });
    expect(response.status).toBe(201);
    const direct = await collect(
      await client.roleAssignmentApi.listAssignedRolesForUser({ userId: customer.id }),
    );
    expect(direct.map((r) => [r.type, r.assignmentType])).toEqual([['HELP_DESK_ADMIN', 'USER']]);
  });

  it('refuses an unknown role type with E0000001 and an unknown group with E0000007', async () => {
    const bad = await fetch(`${emulator.url}/api/v1/groups/${groupId('VIP Customers')}/roles`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${emulator.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'KING' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorCode: 'E0000001' });
    await expect(
      collect(
        await client.roleAssignmentApi.listGroupAssignedRoles({ groupId: '00gNope00000000000000' }),
      ),
    ).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });
});
