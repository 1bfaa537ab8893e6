import { API_TOKEN_ADMIN } from './principals.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { startOktaEmulator, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

type SdkClient = ReturnType<typeof oktaSdkClient>;

async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of collection) if (item !== null) out.push(item);
  return out;
}

async function expectOktaError(promise: Promise<unknown>, status: number, errorCode: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ status, errorCode });
  return error as {
    status: number;
    errorCode: string;
    errorSummary: string;
    errorCauses: { errorSummary: string }[];
  };
}

const seed = generateSeed({ users: 450, seed: 3 });
let emulator: OktaEmulator;
let client: SdkClient;

beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: seed.okta });
  client = oktaSdkClient(emulator.url, { token: emulator.token });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.reset());

const newProfile = (n: number) => ({
  login: `grace.hopper.${n}@navy.test`,
  email: `grace.hopper.${n}@navy.test`,
  firstName: 'Grace',
  lastName: 'Hopper',
});

describe('users: create, read, update', () => {
  it('answers /users/me with the owner of the API token', async () => {
    const me = await client.userApi.getUser({ userId: 'me' });
    expect(me.id).toBe(API_TOKEN_ADMIN.id);
    expect(me.profile?.login).toBe(API_TOKEN_ADMIN.login);
  });

  it('creates an active user with a password, and logs create + activate', async () => {
    const user = await client.userApi.createUser({
      body: { profile: newProfile(1), credentials: { password: { value: 'Tr0ub4dor&3xyz' } } },
      activate: true,
    });
    expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    expect(user.status).toBe('ACTIVE');
    expect(user.profile?.login).toBe('grace.hopper.1@navy.test');
    const types = emulator.state.logs
      .filter((e) => e.target[0]?.id === user.id)
      .map((e) => e.eventType);
    expect(types).toEqual(['user.lifecycle.create', 'user.lifecycle.activate']);
  });

  it('creates a STAGED user with activate=false and a PROVISIONED one without a password', async () => {
    const staged = await client.userApi.createUser({
      body: { profile: newProfile(2) },
      activate: false,
    });
    expect(staged.status).toBe('STAGED');
    const provisioned = await client.userApi.createUser({ body: { profile: newProfile(3) } });
    expect(provisioned.status).toBe('PROVISIONED');
  });

  it('adds the new user to groupIds at creation; an unknown group id is 404', async () => {
    const groupId = required(seed.okta.groups.find((g) => g.name === 'VIP Customers')).id;
    const user = await client.userApi.createUser({
      body: { profile: newProfile(30), groupIds: [groupId] },
    });
    expect(emulator.state.isMember(groupId, required(user.id))).toBe(true);
    expect(emulator.state.logs.map((e) => e.eventType)).toEqual([
      'user.lifecycle.create',
      'user.lifecycle.activate',
      'group.user_membership.add',
    ]);
    await expect(
      client.userApi.createUser({
        body: { profile: newProfile(31), groupIds: ['00gNope00000000000000'] },
      }),
    ).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
    expect(emulator.state.userIdByLogin(newProfile(31).login)).toBeUndefined();
  });

  it('rejects a missing required field with E0000001 and errorCauses', async () => {
    const error = await expectOktaError(
      client.userApi.createUser({
        body: { profile: { login: 'x.y@z.test', email: 'x.y@z.test', firstName: 'X' } },
      }),
      400,
      'E0000001',
    );
    expect(error.errorCauses).toEqual([
      { errorSummary: 'lastName: The field cannot be left blank' },
    ]);
  });

  it('rejects a duplicate login', async () => {
    const existing = required(seed.okta.users[0]).profile;
    const error = await expectOktaError(
      client.userApi.createUser({
        body: { profile: { ...newProfile(4), login: existing.login.toUpperCase() } },
      }),
      400,
      'E0000001',
    );
    expect(error.errorCauses[0]?.errorSummary).toMatch(
      /^login: An object with this field already exists/,
    );
  });

  it('rejects unknown profile attributes but accepts declared custom ones', async () => {
    await expectOktaError(
      client.userApi.createUser({
        body: { profile: { ...newProfile(5), favouriteColour: 'blue' } },
      }),
      400,
      'E0000001',
    );
    const user = await client.userApi.createUser({
      body: { profile: { ...newProfile(6), territory: 'West', accessIssueCaseNumber: '00001234' } },
    });
    expect(user.profile?.['territory']).toBe('West');
  });

  it('gets a user by id and by login; unknown ids are E0000007', async () => {
    const seeded = required(seed.okta.users[5]);
    const byId = await client.userApi.getUser({ userId: seeded.id });
    expect(byId.profile?.email).toBe(seeded.profile.email);
    const byLogin = await client.userApi.getUser({ userId: seeded.profile.login });
    expect(byLogin.id).toBe(seeded.id);
    await expectOktaError(
      client.userApi.getUser({ userId: '00uDoesNotExist000000' }),
      404,
      'E0000007',
    );
  });

  it('merges a partial update (POST) and logs update_profile with the changed attributes', async () => {
    const seeded = required(seed.okta.users[0]);
    const updated = await client.userApi.updateUser({
      userId: seeded.id,
      user: { profile: { title: 'Rear Admiral', mobilePhone: null } },
    });
    expect(updated.profile?.title).toBe('Rear Admiral');
    expect(updated.profile?.firstName).toBe(seeded.profile.firstName);
    const event = required(emulator.state.logs.at(-1));
    expect(event.eventType).toBe('user.account.update_profile');
    expect(event.target[0]).toMatchObject({
      id: seeded.id,
      type: 'User',
      alternateId: seeded.profile.login,
    });
    expect(event.target[0]?.changeDetails?.to).toMatchObject({ title: 'Rear Admiral' });
  });

  it('names the user in an update_profile event as the change leaves them (a new login)', async () => {
    const seeded = required(seed.okta.users[1]);
    const login = `renamed.${seeded.profile.login}`;
    await client.userApi.updateUser({
      userId: seeded.id,
      user: { profile: { login, lastName: 'Renamed' } },
    });
    const event = required(emulator.state.logs.at(-1));
    expect(event.target[0]).toMatchObject({
      alternateId: login,
      displayName: `${seeded.profile.firstName} Renamed`,
      changeDetails: { from: { login: seeded.profile.login }, to: { login } },
    });
  });

  it('replaces with PUT: omitted attributes are removed, required ones enforced', async () => {
    const seeded = required(seed.okta.users[0]);
    const { login, email, firstName } = seeded.profile;
    const replaced = await client.userApi.replaceUser({
      userId: seeded.id,
      user: { profile: { login, email, firstName, lastName: 'Replaced' } },
    });
    expect(replaced.profile?.lastName).toBe('Replaced');
    expect(replaced.profile?.['userType']).toBeUndefined();
    await expectOktaError(
      client.userApi.replaceUser({
        userId: seeded.id,
        user: { profile: { login, email, firstName } },
      }),
      400,
      'E0000001',
    );
  });

  it('rejects an unknown attribute on update', async () => {
    await expectOktaError(
      client.userApi.updateUser({
        userId: required(seed.okta.users[0]).id,
        user: { profile: { shoeSize: '42' } },
      }),
      400,
      'E0000001',
    );
  });
});

describe('users: list, search, filter, pagination', () => {
  // The token's owner is an ordinary (ACTIVE, Employee) user of the org.
  const live = [
    ...seed.okta.users.filter((u) => u.status !== 'DEPROVISIONED'),
    { id: API_TOKEN_ADMIN.id },
  ];

  it('pages a plain list over absolute next links, sorted by id, without DEPROVISIONED users', async () => {
    const users = await collect(await client.userApi.listUsers({ limit: 100 }));
    expect(users.map((u) => u.id)).toEqual(live.map((u) => u.id).sort());
    expect(live.length).toBeGreaterThan(400);
  });

  it('answers with an absolute Link next header carrying after and limit', async () => {
    const response = await fetch(`${emulator.url}/api/v1/users?limit=5`, {
      headers: { Authorization: `SSWS ${emulator.token}`, Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const link = response.headers.get('link') ?? '';
    expect(link).toContain(`<${emulator.url}/api/v1/users?limit=5>; rel="self"`);
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    const body = (await response.json()) as { id: string }[];
    expect(next).toBe(`${emulator.url}/api/v1/users?limit=5&after=${required(body[4]).id}`);
  });

  it('caps limit at 200', async () => {
    const response = await fetch(`${emulator.url}/api/v1/users?limit=500`, {
      headers: { Authorization: `SSWS ${emulator.token}` },
    });
    expect(((await response.json()) as unknown[]).length).toBe(200);
  });

  it('searches with SCIM: status, profile attributes, dates, and/or, parentheses', async () => {
    const suspended = await collect(
      await client.userApi.listUsers({ search: 'status eq "SUSPENDED"' }),
    );
    expect(suspended.map((u) => u.id).sort()).toEqual(
      seed.okta.users
        .filter((u) => u.status === 'SUSPENDED')
        .map((u) => u.id)
        .sort(),
    );
    const deprovisioned = await collect(
      await client.userApi.listUsers({ search: 'status eq "DEPROVISIONED"' }),
    );
    expect(deprovisioned.length).toBe(
      seed.okta.users.filter((u) => u.status === 'DEPROVISIONED').length,
    );

    const org = required(required(seed.okta.users[0]).profile.organization);
    const expr = `(profile.organization eq "${org}" or profile.userType eq "Employee") and status eq "ACTIVE"`;
    const found = await collect(await client.userApi.listUsers({ search: expr }));
    const expected = seed.okta.users.filter(
      (u) =>
        (u.profile.organization === org || u.profile.userType === 'Employee') &&
        u.status === 'ACTIVE',
    );
    expect(found.map((u) => u.id).sort()).toEqual(
      [...expected.map((u) => u.id), API_TOKEN_ADMIN.id].sort(),
    );

    const cut = required([...seed.okta.users].map((u) => u.lastUpdated).sort()[200]);
    const recent = await collect(
      await client.userApi.listUsers({ search: `lastUpdated gt "${cut}"` }),
    );
    expect(recent.length).toBe(seed.okta.users.filter((u) => u.lastUpdated > cut).length);

    const sw = await collect(await client.userApi.listUsers({ search: 'profile.login sw "ada."' }));
    expect(sw.every((u) => u.profile?.login?.startsWith('ada.'))).toBe(true);
  });

  it('filters with the restricted filter syntax and rejects what Okta rejects', async () => {
    const target = required(seed.okta.users[7]);
    const byLogin = await collect(
      await client.userApi.listUsers({ filter: `profile.login eq "${target.profile.login}"` }),
    );
    expect(byLogin.map((u) => u.id)).toEqual([target.id]);
    const both = await collect(
      await client.userApi.listUsers({
        filter: 'status eq "LOCKED_OUT" or status eq "PASSWORD_EXPIRED"',
      }),
    );
    expect(both.length).toBe(
      seed.okta.users.filter((u) => u.status === 'LOCKED_OUT' || u.status === 'PASSWORD_EXPIRED')
        .length,
    );
    await expectOktaError(
      collect(await client.userApi.listUsers({ filter: 'profile.title sw "Buy"' })),
      400,
      'E0000031',
    );
    await expectOktaError(
      collect(await client.userApi.listUsers({ search: 'status eq' })),
      400,
      'E0000031',
    );
  });

  it('finds users by q prefix on first name, last name or email', async () => {
    const target = required(seed.okta.users[3]);
    const found = await collect(
      await client.userApi.listUsers({ q: target.profile.email.slice(0, 12) }),
    );
    expect(found.map((u) => u.id)).toContain(target.id);
    for (const u of found) {
      const p = required(u.profile);
      const prefix = target.profile.email.slice(0, 12).toLowerCase();
      expect(
        [p.firstName, p.lastName, p.email].some((v) => String(v).toLowerCase().startsWith(prefix)),
      ).toBe(true);
    }
  });
});

describe('users: lifecycle', () => {
  const byStatus = (status: string) => required(seed.okta.users.find((u) => u.status === status));

  it('suspends and unsuspends an active user; suspend from another status is 400 E0000001', async () => {
    const active = byStatus('ACTIVE');
    await client.userApi.suspendUser({ userId: active.id });
    expect(emulator.state.users.get(active.id)?.status).toBe('SUSPENDED');
    await expectOktaError(client.userApi.suspendUser({ userId: active.id }), 400, 'E0000001');
    await client.userApi.unsuspendUser({ userId: active.id });
    expect(emulator.state.users.get(active.id)?.status).toBe('ACTIVE');
    await expectOktaError(client.userApi.unsuspendUser({ userId: active.id }), 400, 'E0000001');
    const types = emulator.state.logs.map((e) => e.eventType);
    expect(types).toEqual(['user.lifecycle.suspend', 'user.lifecycle.unsuspend']);
  });

  it('refuses to activate an active user with 403 E0000016', async () => {
    const error = await expectOktaError(
      client.userApi.activateUser({ userId: byStatus('ACTIVE').id, sendEmail: false }),
      403,
      'E0000016',
    );
    expect(error.errorSummary).toBe('Activation failed because the user is already active');
  });

  it('activates a staged user: an activation token without email, {} with email', async () => {
    const staged = await client.userApi.createUser({
      body: { profile: newProfile(10) },
      activate: false,
    });
    const token = await client.userApi.activateUser({
      userId: required(staged.id),
      sendEmail: false,
    });
    expect(token.activationToken).toBeTruthy();
    expect(token.activationUrl).toBe(`${emulator.url}/welcome/${token.activationToken}`);
    expect(emulator.state.users.get(required(staged.id))?.status).toBe('PROVISIONED');

    const other = await client.userApi.createUser({
      body: { profile: newProfile(11) },
      activate: false,
    });
    const response = await fetch(
      `${emulator.url}/api/v1/users/${other.id}/lifecycle/activate?sendEmail=true`,
      {
        method: 'POST',
        headers: { Authorization: `SSWS ${emulator.token}`, Accept: 'application/json' },
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it('unlocks only a locked-out user', async () => {
    const locked = byStatus('LOCKED_OUT');
    await client.userApi.unlockUser({ userId: locked.id });
    expect(emulator.state.users.get(locked.id)?.status).toBe('ACTIVE');
    await expectOktaError(client.userApi.unlockUser({ userId: locked.id }), 403, 'E0000032');
    expect(emulator.state.logs.at(-1)?.eventType).toBe('user.account.unlock');
  });

  it('deactivates, reactivation of a PROVISIONED user issues a token', async () => {
    const active = byStatus('ACTIVE');
    await client.userApi.deactivateUser({ userId: active.id });
    expect(emulator.state.users.get(active.id)?.status).toBe('DEPROVISIONED');
    await expectOktaError(client.userApi.deactivateUser({ userId: active.id }), 403, 'E0000038');
    const provisioned = byStatus('PROVISIONED');
    const token = await client.userApi.reactivateUser({ userId: provisioned.id, sendEmail: false });
    expect(token.activationToken).toBeTruthy();
    await expectOktaError(client.userApi.reactivateUser({ userId: active.id }), 403, 'E0000038');
  });

  it('resets factors and lists them', async () => {
    const withFactors = required(
      seed.okta.users.find((u) => u.factors.length > 0 && u.status === 'ACTIVE'),
    );
    const factors = await collect(
      await client.userFactorApi.listFactors({ userId: withFactors.id }),
    );
    expect(factors.map((f) => f.id)).toEqual(withFactors.factors.map((f) => f.id));
    expect(factors[0]).toMatchObject({
      factorType: required(withFactors.factors[0]).factorType,
      status: 'ACTIVE',
    });
    const logged = emulator.state.logs.length;
    await client.userApi.resetFactors({ userId: withFactors.id });
    expect(
      await collect(await client.userFactorApi.listFactors({ userId: withFactors.id })),
    ).toEqual([]);
    // Identity Engine (the default): one deactivation per enrolled factor.
    expect(emulator.state.logs.slice(logged).map((e) => e.eventType)).toEqual(
      withFactors.factors.map(() => 'user.mfa.factor.deactivate'),
    );
  });

  it('logs an MFA reset as reset_all on an Okta Classic Engine org', async () => {
    const classic = await startOktaEmulator({ engine: 'classic' });
    try {
      const user = classic.createUserDirect(
        {
          login: 'classic@example.test',
          email: 'classic@example.test',
          firstName: 'C',
          lastName: 'Lassic',
        },
        { factors: ['push', 'sms'] },
      );
      const classicClient = oktaSdkClient(classic.url, { token: classic.token });
      await classicClient.userApi.resetFactors({ userId: user.id });
      expect(classic.state.logs.at(-1)?.eventType).toBe('user.mfa.factor.reset_all');
      expect(
        classic.state.logs.filter((e) => e.eventType.startsWith('user.mfa.factor.')),
      ).toHaveLength(1);
    } finally {
      await classic.close();
    }
  });

  it('deletes in two steps: deactivate (204), delete (204), then 404', async () => {
    const active = byStatus('ACTIVE');
    await client.userApi.deleteUser({ userId: active.id });
    expect(emulator.state.users.get(active.id)?.status).toBe('DEPROVISIONED');
    await client.userApi.deleteUser({ userId: active.id });
    expect(emulator.state.users.has(active.id)).toBe(false);
    await expectOktaError(client.userApi.deleteUser({ userId: active.id }), 404, 'E0000007');
    expect(emulator.state.logs.map((e) => e.eventType)).toEqual([
      'user.lifecycle.deactivate',
      'user.lifecycle.delete.initiated',
      'user.lifecycle.delete.completed',
    ]);
  });

  it("lists a user's groups", async () => {
    const user = required(seed.okta.users[0]);
    const groups = await collect(await client.userApi.listUserGroups({ userId: user.id }));
    const expected = seed.okta.memberships
      .filter((m) => m.userId === user.id)
      .map((m) => m.groupId);
    expect(groups.map((g) => g.id).sort()).toEqual(expected.sort());
  });
});

describe('users: attribution of System Log events', () => {
  it('attributes API calls to the token owner and console helpers to the console admin', async () => {
    const user = required(seed.okta.users[0]);
    await client.userApi.updateUser({ userId: user.id, user: { profile: { title: 'Via API' } } });
    emulator.updateUserDirect(user.id, { title: 'Via console' });
    const [api, console] = emulator.state.logs;
    expect(api?.actor).toMatchObject({ id: '00uapiadmin000000001', type: 'User' });
    expect(api?.transaction.detail['requestApiTokenId']).toMatch(/^00T/);
    expect(api?.debugContext.debugData['requestUri']).toBe(`/api/v1/users/${user.id}`);
    expect(console?.actor).toMatchObject({ id: '00uconsoleadmin00001', type: 'User' });
    expect(console?.transaction.detail).toEqual({});
  });

  it('moves users through statuses with the events an admin action would log', () => {
    const user = required(seed.okta.users.find((u) => u.status === 'ACTIVE'));
    emulator.setUserStatus(user.id, 'SUSPENDED');
    emulator.setUserStatus(user.id, 'LOCKED_OUT');
    emulator.setUserStatus(user.id, 'DEPROVISIONED');
    expect(emulator.state.logs.map((e) => [e.eventType, e.actor.id])).toEqual([
      ['user.lifecycle.suspend', '00uconsoleadmin00001'],
      ['user.lifecycle.unsuspend', '00uconsoleadmin00001'],
      ['user.account.lock', user.id],
      ['user.lifecycle.deactivate', '00uconsoleadmin00001'],
    ]);
    const created = emulator.createUserDirect(newProfile(20));
    expect(created.status).toBe('ACTIVE');
  });

  it('rejects requests without a valid token with 401 E0000011', async () => {
    const bad = oktaSdkClient(emulator.url, { token: 'wrong-token' });
    await expectOktaError(
      bad.userApi.getUser({ userId: required(seed.okta.users[0]).id }),
      401,
      'E0000011',
    );
    const response = await fetch(`${emulator.url}/api/v1/users`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      errorCode: 'E0000011',
      errorSummary: 'Invalid token provided',
      errorLink: 'E0000011',
      errorId: expect.any(String),
      errorCauses: [],
    });
  });
});
