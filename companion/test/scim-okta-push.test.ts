import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployDemoAccessRule } from '../sandbox/demo-access-rule.js';
import { SANDBOX_CREDENTIALS } from '../sandbox/index.js';
import type { ScimApp } from '../sandbox/okta/index.js';
import { registerCompanionScimApp } from '../sandbox/scim-app.js';
import { eventually, startTestWorld, type TestWorld } from './harness.js';

/**
 * Okta provisioning end to end: the emulated Okta org's SCIM app, its assignments and its
 * provisioning engine push to the companion's `/scim/v2` as Okta does, and the Contacts and
 * Account Teams follow. No event hook is registered and the System Log is not polled in the
 * meantime, so everything here arrives over SCIM.
 */

interface ContactRow {
  Id: string;
  Title?: string | null;
  Okta_Status__c?: string | null;
}

let world: TestWorld;
let app: ScimApp;
let groupId: string;
let n = 0;

beforeAll(async () => {
  world = await startTestWorld({
    users: 40,
    registerHook: false,
    oktaProvisioning: { retryDelaysMs: [100, 200] },
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
  });
  ({ groupId } = deployDemoAccessRule(world.sandbox));
  await world.companion.syncConfig.reload('test');
  app = registerCompanionScimApp(world.sandbox, world.companion.url);
});
afterAll(async () => {
  await world?.close();
});

function newPerson(extra: Record<string, string> = {}) {
  n += 1;
  return world.sandbox.okta.createUserDirect({
    login: `pushed.${n}@example.test`,
    email: `pushed.${n}@example.test`,
    firstName: 'Pushed',
    lastName: `Person${n}`,
    userType: 'Customer',
    organization: `Pushed Org ${n}`,
    title: 'Buyer',
    ...extra,
  });
}

async function contactOf(oktaUserId: string, accept: (c: ContactRow) => boolean = () => true) {
  return eventually(async () => {
    const result = await world.salesforce.query<ContactRow>(
      `SELECT Id, Title, Okta_Status__c FROM Contact WHERE Okta_User_Id__c = '${oktaUserId}'`,
    );
    const [contact] = result.records;
    return contact && accept(contact) && result.totalSize === 1 ? contact : undefined;
  });
}

const engine = () => world.sandbox.okta.provisioning;
const tasksOf = (subjectId: string) =>
  engine()
    .tasks()
    .filter((t) => t.subjectId === subjectId);

describe('the emulated Okta provisions the companion over SCIM', () => {
  it('assigning the app to a person becomes a Contact (lookup by userName, then POST)', async () => {
    const person = newPerson();
    engine().assignUser(app.id, person.id);
    await contactOf(person.id);
    await engine().whenIdle();
    expect(tasksOf(person.id).map((t) => [t.kind, t.status])).toEqual([
      ['provision-user', 'COMPLETED'],
    ]);
    const scimId = engine().appUser(app.id, person.id)?.scimId;
    expect(await world.companion.store.scim.user(String(scimId))).toMatchObject({
      externalId: person.id,
      oktaUserId: person.id,
      active: true,
    });

    // A second app finds the user by userName and links it instead of creating it twice.
    const second = registerCompanionScimApp(world.sandbox, world.companion.url);
    engine().assignUser(second.id, person.id);
    await engine().whenIdle();
    expect(engine().appUser(second.id, person.id)?.scimId).toBe(scimId);
    const login = String(person.profile['login']);
    expect(
      (await world.companion.store.scim.users({ userName: login, offset: 0, limit: 10 })).total,
    ).toBe(1);
  });

  it('a profile change is pushed (PATCH) and reaches the Contact', async () => {
    const person = newPerson();
    engine().assignUser(app.id, person.id);
    await contactOf(person.id);
    world.sandbox.okta.updateUserDirect(person.id, { title: 'Head Buyer' });
    await contactOf(person.id, (c) => c.Title === 'Head Buyer');
    const scimId = String(engine().appUser(app.id, person.id)?.scimId);
    expect((await world.companion.store.scim.user(scimId))?.attributes['title']).toBe('Head Buyer');
  });

  it('an app pushing with PUT (app wizard) works the same way', async () => {
    const putApp = registerCompanionScimApp(world.sandbox, world.companion.url, {
      updateMethod: 'PUT',
    });
    const person = newPerson();
    engine().assignUser(putApp.id, person.id);
    await contactOf(person.id);
    world.sandbox.okta.updateUserDirect(person.id, { title: 'Put Buyer' });
    await contactOf(person.id, (c) => c.Title === 'Put Buyer');
    engine().unassignUser(putApp.id, person.id);
    await contactOf(person.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');
  });

  it('unassigning pushes active:false: the Contact is deprovisioned, the Okta user stays active', async () => {
    const person = newPerson();
    engine().assignUser(app.id, person.id);
    await contactOf(person.id);
    engine().unassignUser(app.id, person.id);
    await contactOf(person.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');
    expect(world.sandbox.okta.state.users.get(person.id)?.status).toBe('ACTIVE');
    // Assigned again: reactivated.
    engine().assignUser(app.id, person.id);
    await contactOf(person.id, (c) => c.Okta_Status__c === 'ACTIVE');
  });

  it('deactivating the Okta user pushes active:false too', async () => {
    const person = newPerson();
    engine().assignUser(app.id, person.id);
    await contactOf(person.id);
    world.sandbox.okta.setUserStatus(person.id, 'DEPROVISIONED');
    await contactOf(person.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');
  });

  it('assigning a group provisions its members, and people who join it later', async () => {
    const group = world.sandbox.okta.createGroupDirect('SCIM Customers');
    const first = newPerson();
    world.sandbox.okta.addToGroupDirect(group, first.id);
    engine().assignGroup(app.id, group);
    await contactOf(first.id);
    const later = newPerson();
    world.sandbox.okta.addToGroupDirect(group, later.id);
    await contactOf(later.id);
  });

  it('Group Push of a rule group puts its members on the Account Teams', async () => {
    const employee = (world.sandbox.seed?.okta.users ?? []).find(
      (u) =>
        u.profile.userType === 'Employee' &&
        world.sandbox.seed?.salesforce.users.some(
          (s) => s['FederationIdentifier'] === u.profile.login,
        ) &&
        !world.sandbox.okta.state.sortedMembers(groupId).includes(u.id),
    );
    if (!employee) throw new Error('the seed has no employee with a Salesforce user');
    const salesUserId = String(
      world.sandbox.seed?.salesforce.users.find(
        (s) => s['FederationIdentifier'] === employee.profile.login,
      )?.Id,
    );
    const direct = await world.salesforce.query(
      "SELECT Id FROM Account WHERE Type = 'Customer - Direct'",
    );
    const teamRows = async () =>
      (
        await world.salesforce.query(
          `SELECT Id FROM AccountTeamMember WHERE UserId = '${salesUserId}'`,
        )
      ).totalSize;
    expect(await teamRows()).toBe(0);

    engine().assignUser(app.id, employee.id);
    engine().pushGroup(app.id, groupId);
    await engine().whenIdle();
    world.sandbox.okta.addToGroupDirect(groupId, employee.id);
    await eventually(async () => (await teamRows()) === direct.totalSize);
    const pushes = engine()
      .tasks()
      .filter((t) => t.subjectId === groupId)
      .map((t) => [t.kind, t.status]);
    expect(pushes).toEqual([
      ['push-group', 'COMPLETED'],
      ['push-memberships', 'COMPLETED'],
    ]);

    world.sandbox.okta.removeFromGroupDirect(groupId, employee.id);
    await eventually(async () => (await teamRows()) === 0);
  });

  it('the Apps API assigns and unassigns over HTTP, as a script would', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${world.sandbox.okta.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `SSWS ${SANDBOX_CREDENTIALS.oktaAdminToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as unknown };
    };
    const listed = await call('GET', '/apps');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: app.id, label: 'Okta Sync (SCIM)' })]),
    );
    const person = newPerson();
    const assigned = await call('POST', `/apps/${app.id}/users`, { id: person.id });
    expect(assigned).toMatchObject({ status: 200, body: { id: person.id, scope: 'USER' } });
    await contactOf(person.id);
    expect((await call('DELETE', `/apps/${app.id}/users/${person.id}`)).status).toBe(204);
    await contactOf(person.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');

    expect((await call('POST', `/apps/${app.id}/users`, { id: 'nobody' })).status).toBe(400);
    expect((await call('GET', '/apps/0oanotanapp000000000')).body).toMatchObject({
      errorCode: 'E0000007',
    });
  });

  it('a push the companion refuses is retried, then shown as a failed task, and can be retried', async () => {
    const broken = world.sandbox.okta.provisioning.createScimApp({
      label: 'Misconfigured',
      baseUrl: `${world.companion.url}/scim/v2`,
      token: 'not-the-scim-token-0123456789abcdef',
    });
    const person = newPerson();
    engine().assignUser(broken.id, person.id);
    const failed = await eventually(() =>
      engine()
        .failedTasks()
        .find((t) => t.subjectId === person.id),
    );
    expect(failed).toMatchObject({ kind: 'provision-user', attempts: 3 });
    expect(failed.lastError).toContain('401');
    engine().assignUser(app.id, person.id);
    await contactOf(person.id);
    expect(engine().retryFailedTasks()).toBeGreaterThan(0);
  });
});
