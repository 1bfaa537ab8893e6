import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/index.js';
import { SCIM } from '../src/services/scim-schemas.js';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';

/**
 * SCIM writes end to end: the companion's `/scim/v2` over HTTP, the queue, the real jsforce and
 * Okta SDK clients against the emulated orgs. The requests are the ones Okta's provisioning
 * client sends.
 */

interface ContactRow {
  Id: string;
  LastName?: string | null;
  Title?: string | null;
  Okta_User_Id__c?: string | null;
  Okta_Status__c?: string | null;
}

function scimClient(world: TestWorld) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${world.companion.url}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${SANDBOX_CREDENTIALS.scimToken}`,
        'content-type': 'application/scim+json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
    };
  };
}

async function contactsOf(world: TestWorld, oktaUserId: string): Promise<ContactRow[]> {
  const result = await world.salesforce.query<ContactRow>(
    `SELECT Id, LastName, Title, Okta_User_Id__c, Okta_Status__c FROM Contact WHERE Okta_User_Id__c = '${oktaUserId}'`,
  );
  return result.records;
}

function contactOf(
  world: TestWorld,
  oktaUserId: string,
  accept: (c: ContactRow) => boolean = () => true,
) {
  return eventually(async () => {
    const [contact] = await contactsOf(world, oktaUserId);
    return contact && accept(contact) ? contact : undefined;
  });
}

/** Okta's create request for an Okta user, as its provisioning client builds it. */
function createBody(
  record: { id: string; profile: Record<string, unknown> },
  extra: Record<string, unknown> = {},
) {
  const user = { id: record.id, login: String(record.profile['login']) };
  return {
    schemas: [SCIM.user, SCIM.enterpriseUser],
    userName: user.login,
    name: { givenName: 'Scim', familyName: `Person-${user.id.slice(-4)}` },
    emails: [{ primary: true, value: user.login, type: 'work' }],
    displayName: 'Scim Person',
    externalId: user.id,
    active: true,
    [SCIM.enterpriseUser]: { organization: 'Scim Org' },
    ...extra,
  };
}

describe('SCIM as the only provisioning path (no event hook)', () => {
  let world: TestWorld;
  let scim: ReturnType<typeof scimClient>;
  let n = 0;
  const newOktaUser = () => {
    n += 1;
    return world.sandbox.okta.createUserDirect({
      login: `scim.only.${n}@example.test`,
      email: `scim.only.${n}@example.test`,
      firstName: 'Scim',
      lastName: `Only${n}`,
      userType: 'Customer',
      organization: `Scim Org ${n}`,
      title: 'Buyer',
    });
  };

  beforeAll(async () => {
    world = await startTestWorld({
      users: 60,
      registerHook: false,
      env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
    });
    scim = scimClient(world);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a SCIM create becomes a Contact through the queue and the Okta → Salesforce workflow', async () => {
    const user = newOktaUser();
    const created = await scim('POST', '/Users', createBody(user));
    expect(created.status).toBe(201);
    const contact = await contactOf(world, user.id);
    // The workflow reads Okta's user: Okta's profile is the truth for what both carry.
    expect(contact).toMatchObject({
      Okta_User_Id__c: user.id,
      LastName: `Only${n}`,
      Title: 'Buyer',
    });
    // The setup page's Health lists it among the last events, by source.
    const health = await fetch(`${world.companion.url}/api/v1/health`, {
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.companionApiSecret}` },
    });
    const { lastEvents } = (await health.json()) as {
      lastEvents: { eventId: string; source: string }[];
    };
    expect(lastEvents).toContainEqual(
      expect.objectContaining({
        eventId: `scim:User:${String(created.body['id'])}:1`,
        source: 'okta-scim',
      }),
    );
  });

  it('answers at once while Salesforce is down, and applies the write once it is back', async () => {
    world.sandbox.salesforce.faults.add({
      route: '*',
      error: 'SERVER_UNAVAILABLE',
      times: 1_000_000,
    });
    try {
      const user = newOktaUser();
      const created = await scim('POST', '/Users', createBody(user));
      expect(created.status).toBe(201);
      const id = created.body['id'] as string;
      // A GET returns what was last accepted, Salesforce or not.
      const read = await scim('GET', `/Users/${id}`);
      expect(read.body).toMatchObject({ id, userName: user.profile['login'], active: true });
      await eventually(
        async () => (await world.companion.store.jobs.counts()).delayed > 0 || undefined,
      );
      world.sandbox.salesforce.faults.clear();
      // Retries are backed off; release the waiting job instead of waiting for its due time.
      world.companion.worker.wake();
      await contactOf(world, user.id);
    } finally {
      world.sandbox.salesforce.faults.clear();
    }
  }, 120_000);

  it('deactivation (PATCH active:false, no path) deprovisions the Contact through the guard', async () => {
    const user = newOktaUser();
    const id = (await scim('POST', '/Users', createBody(user))).body['id'] as string;
    await contactOf(world, user.id);
    const patched = await scim('PATCH', `/Users/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body['active']).toBe(false);
    // Unassigned from the app, the person is still ACTIVE in Okta: the Contact goes anyway.
    const contact = await contactOf(world, user.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');
    expect(contact.Okta_Status__c).toBe('DEPROVISIONED');
  });

  it('reassignment (path "active", the string "True") reactivates it', async () => {
    const user = newOktaUser();
    const id = (await scim('POST', '/Users', createBody(user))).body['id'] as string;
    await contactOf(world, user.id);
    await scim('PATCH', `/Users/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'replace', path: 'active', value: 'False' }],
    });
    await contactOf(world, user.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');
    await scim('PATCH', `/Users/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'replace', path: 'active', value: 'True' }],
    });
    await contactOf(world, user.id, (c) => c.Okta_Status__c === 'ACTIVE');
  });

  it('a user pushed without Okta’s id is linked by login, then synced', async () => {
    const user = newOktaUser();
    const body: Record<string, unknown> = createBody(user);
    delete body['externalId'];
    const created = await scim('POST', '/Users', body);
    expect(created.status).toBe(201);
    await contactOf(world, user.id);
    const stored = await world.companion.store.scim.user(created.body['id'] as string);
    expect(stored?.oktaUserId).toBe(user.id);
  });

  it('a user Okta does not have is journaled and creates nothing', async () => {
    const created = await scim('POST', '/Users', {
      schemas: [SCIM.user],
      userName: 'not.in.okta@example.test',
      name: { familyName: 'Nobody' },
    });
    expect(created.status).toBe(201);
    await queueDrained(world);
    const result = await world.salesforce.query("SELECT Id FROM Contact WHERE LastName = 'Nobody'");
    expect(result.totalSize).toBe(0);
  });

  it('a DELETE (sent by clients other than Okta) deprovisions the Contact too', async () => {
    const user = newOktaUser();
    const id = (await scim('POST', '/Users', createBody(user))).body['id'] as string;
    await contactOf(world, user.id);
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
    await contactOf(world, user.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');
  });

  it('a reconciliation keeps an unassigned app user deprovisioned', async () => {
    const user = newOktaUser();
    const id = (await scim('POST', '/Users', createBody(user))).body['id'] as string;
    await contactOf(world, user.id);
    await scim('PATCH', `/Users/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    await contactOf(world, user.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');
    await queueDrained(world);
    const started = await world.companion.reconciliation.start({ dryRun: true, trigger: 'api' });
    const run = await world.companion.reconciliation.whenSettled(started.id);
    expect(run?.status).toBe('PLANNED');
    const { items } = await world.companion.reconciliation.planItems(started.id, { limit: 10_000 });
    // Okta still lists the user as ACTIVE; the plan must not bring the Contact back.
    expect(items.filter((item) => item.oktaUserId === user.id)).toEqual([]);
  });

  // Last in this world: it trips the guard.
  it('an unassignment burst is stopped by the blast-radius guard and released on confirmation', async () => {
    const linked = (world.sandbox.seed?.salesforce.contacts ?? []).filter(
      (c) => c['Okta_User_Id__c'] && c['Okta_Status__c'] === 'ACTIVE',
    );
    const victims = linked.slice(0, 26).map((c) => String(c['Okta_User_Id__c']));
    expect(victims).toHaveLength(26);
    const ids: string[] = [];
    for (const oktaUserId of victims) {
      const user = world.sandbox.okta.state.users.get(oktaUserId);
      if (!user) throw new Error(`seed user ${oktaUserId} missing`);
      ids.push((await scim('POST', '/Users', createBody(user))).body['id'] as string);
    }
    await queueDrained(world);
    for (const id of ids) {
      const answer = await scim('PATCH', `/Users/${id}`, {
        schemas: [SCIM.patchOp],
        Operations: [{ op: 'replace', value: { active: false } }],
      });
      expect(answer.status).toBe(200);
    }
    const statuses = async () => {
      const result = await world.salesforce.query<{ Okta_Status__c: string }>(
        `SELECT Okta_Status__c FROM Contact WHERE Okta_User_Id__c IN (${victims.map((v) => `'${v}'`).join(',')})`,
      );
      return result.records.filter((r) => r.Okta_Status__c === 'DEPROVISIONED').length;
    };
    await eventually(async () => (await world.companion.guard.state()).tripped);
    // Every push processed: the ones past the limit wait (without using up attempts).
    await eventually(async () => {
      const counts = await world.companion.store.jobs.counts();
      return counts.pending === 0 && counts.leased === 0 && counts.delayed > 0;
    });
    expect(await statuses()).toBeLessThan(26);
    expect(await world.companion.store.deadLetters.count()).toBe(0);

    await world.companion.guard.release(world.companion.syncConfig.current());
    await eventually(async () => (await statuses()) === 26);
  }, 120_000);
});

describe('SCIM and event hooks both on', () => {
  let world: TestWorld;
  let scim: ReturnType<typeof scimClient>;

  beforeAll(async () => {
    world = await startTestWorld({ users: 20, env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' } });
    scim = scimClient(world);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('one Okta user is one Contact, and a change arriving both ways is applied once', async () => {
    const user = world.sandbox.okta.createUserDirect({
      login: 'both.ways@example.test',
      email: 'both.ways@example.test',
      firstName: 'Both',
      lastName: 'Ways',
      userType: 'Customer',
      organization: 'Both Ways Org',
      title: 'Buyer',
    });
    const created = await scim('POST', '/Users', createBody(user));
    expect(created.status).toBe(201);
    await contactOf(world, user.id);
    await queueDrained(world);
    expect(await contactsOf(world, user.id)).toHaveLength(1);

    // The same profile change reaches the companion as a hook event and as a SCIM PUT.
    const writes = async () =>
      (await world.companion.store.audit.latestFor({ oktaUserId: user.id }, 100)).filter(
        (e) => e.operation === 'contact-updated' && e.status === 'SUCCESS',
      ).length;
    const before = await writes();
    world.sandbox.okta.updateUserDirect(user.id, { title: 'Head Buyer' });
    await scim(
      'PUT',
      `/Users/${created.body['id'] as string}`,
      createBody(user, { title: 'Head Buyer' }),
    );
    await contactOf(world, user.id, (c) => c.Title === 'Head Buyer');
    await queueDrained(world);
    expect(await contactsOf(world, user.id)).toHaveLength(1);
    expect((await writes()) - before).toBe(1);
    const byEmail = await world.salesforce.query(
      "SELECT Id FROM Contact WHERE Email = 'both.ways@example.test'",
    );
    expect(byEmail.totalSize).toBe(1);
  });
});
