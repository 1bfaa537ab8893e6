import { afterAll, beforeAll, expect, it } from 'vitest';
import { endToEndProfile } from '../sandbox/profile.js';
import { describeWithPostgres } from '../src/store/postgres/postgres-test-fixtures.js';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';

/** The companion on PostgreSQL (DATABASE_URL) end to end: Okta → Salesforce, and a hook burst. */
describeWithPostgres('Okta → Salesforce on PostgreSQL', (db) => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await startTestWorld({
      users: 20,
      profile: endToEndProfile(),
      env: { DATABASE_URL: await db.createDatabase(), OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
    });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const contactsLike = async (prefix: string) =>
    (
      await world.salesforce.query<{ Okta_User_Id__c: string; Title: string | null }>(
        `SELECT Okta_User_Id__c, Title FROM Contact WHERE Okta_Login__c LIKE '${prefix}%'`,
      )
    ).records;

  it('leads alone, creates a Contact for a new user and applies a profile change', async () => {
    expect(world.companion.leadership.view()).toMatchObject({ isLeader: true, election: 'lease' });
    const user = world.sandbox.okta.createUserDirect({
      login: 'pg.single@example.test',
      email: 'pg.single@example.test',
      firstName: 'Post',
      lastName: 'Gres',
      userType: 'Customer',
      organization: 'PG Org',
      title: 'Buyer',
    });
    await eventually(async () => (await contactsLike('pg.single')).length === 1);
    world.sandbox.okta.updateUserDirect(user.id, { title: 'Head Buyer' });
    await eventually(async () => (await contactsLike('pg.single'))[0]?.Title === 'Head Buyer');
    await queueDrained(world);
    const journal = await world.companion.store.audit.latestFor({ oktaUserId: user.id }, 10);
    expect(journal.map((e) => e.operation)).toContain('contact-created');
  });

  it('turns a burst of hooks into one Contact and one journal line per user', async () => {
    const BURST = 60;
    const ids = Array.from(
      { length: BURST },
      (_, n) =>
        world.sandbox.okta.createUserDirect({
          login: `pg.burst.${n}@example.test`,
          email: `pg.burst.${n}@example.test`,
          firstName: 'Burst',
          lastName: `User${n}`,
          userType: 'Customer',
          organization: `PG Burst Org ${n % 4}`,
        }).id,
    );
    const contacts = await eventually(async () => {
      const rows = await contactsLike('pg.burst.');
      return rows.length >= BURST ? rows : undefined;
    }, 100);
    await queueDrained(world);
    expect(contacts).toHaveLength(BURST);
    expect(new Set(contacts.map((c) => c.Okta_User_Id__c))).toEqual(new Set(ids));
    for (const id of ids) {
      const lines = await world.companion.store.audit.latestFor({ oktaUserId: id }, 10);
      expect(lines.filter((l) => l.operation === 'contact-created')).toHaveLength(1);
    }
    expect((await world.companion.store.jobs.counts()).deadLetters).toBe(0);
  });
});
