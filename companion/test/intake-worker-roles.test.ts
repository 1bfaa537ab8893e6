import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/index.js';
import { registerEventHook } from '../src/intake/event-hook-registration.js';
import { startIntake, type RunningIntake } from '../src/intake-service.js';
import { silentLogger } from '../src/logger.js';
import { describeWithPostgres } from '../src/store/postgres/postgres-test-fixtures.js';
import { eventually, startTestWorld, type TestWorld } from './harness.js';

/**
 * The companion split over two processes' worth of roles on one store: an intake that only
 * stores what Okta sends, and a worker that syncs it and serves the API. Both run here in one
 * test process, each with its own store connection, as two processes would.
 */
function describeRoles(name: string, env: () => Promise<Record<string, string>>) {
  describe(`intake and worker roles on ${name}`, () => {
    let world: TestWorld;
    let intake: RunningIntake;

    beforeAll(async () => {
      world = await startTestWorld({
        users: 20,
        registerHook: false,
        // Only the event hook brings Okta's changes: the System Log poller stays out of it.
        env: { COMPANION_ROLE: 'worker', OKTA_SYSTEM_LOG_POLL_SECONDS: '3600', ...(await env()) },
      });
      intake = await startIntake({ ...world.config, role: 'intake' }, { logger: silentLogger() });
      await registerEventHook(world.companion.okta, {
        uri: `${intake.url}/hooks/okta`,
        secret: world.config.okta.hookSecret,
      });
    }, 120_000);
    afterAll(async () => {
      await intake?.stop();
      await world?.close();
    });

    const api = (path: string) =>
      fetch(`${world.companion.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.companionApiSecret}` },
      });
    const contactTitle = async (oktaUserId: string) =>
      (
        await world.salesforce.query<{ Title: string | null }>(
          `SELECT Title FROM Contact WHERE Okta_User_Id__c = '${oktaUserId}'`,
        )
      ).records[0]?.Title;

    it('serves each role its own routes', async () => {
      const hookOnWorker = await fetch(`${world.companion.url}/hooks/okta`, {
        method: 'POST',
        headers: {
          authorization: SANDBOX_CREDENTIALS.oktaHookSecret,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      expect(hookOnWorker.status).toBe(404);
      const apiOnIntake = await fetch(`${intake.url}/api/v1/health`, {
        headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.companionApiSecret}` },
      });
      expect(apiOnIntake.status).toBe(404);
      expect((await fetch(`${intake.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${intake.url}/metrics`)).status).toBe(200);
      expect((await api('/health')).status).toBe(200);
    });

    it("applies what the intake accepted, and the worker's health lists the intake's events", async () => {
      const user = world.sandbox.okta.createUserDirect({
        login: `roles.${name}@example.test`,
        email: `roles.${name}@example.test`,
        firstName: 'Split',
        lastName: 'Roles',
        userType: 'Customer',
        organization: 'Roles Org',
        title: 'Buyer',
      });
      await eventually(async () => (await contactTitle(user.id)) === 'Buyer');
      world.sandbox.okta.updateUserDirect(user.id, { title: 'Head Buyer' });
      await eventually(async () => (await contactTitle(user.id)) === 'Head Buyer');

      const { lastEvents } = (await (await api('/health')).json()) as {
        lastEvents: { source: string; eventType: string }[];
      };
      expect(lastEvents).toContainEqual(
        expect.objectContaining({ source: 'okta-hook', eventType: 'user.account.update_profile' }),
      );
    });

    it('keeps accepting while no worker runs, and nothing is lost', async () => {
      await world.companion.stop();
      const user = world.sandbox.okta.createUserDirect({
        login: `roles.alone.${name}@example.test`,
        email: `roles.alone.${name}@example.test`,
        firstName: 'Alone',
        lastName: 'Intake',
        userType: 'Customer',
        organization: 'Roles Org',
      });
      await eventually(async () => (await intake.store.jobs.counts()).pending > 0);
      const pending = await intake.store.jobs.claim({
        limit: 10,
        leaseMs: 60_000,
        workerId: 'test-inspector',
      });
      expect(pending.flatMap((job) => job.events.map((e) => e.subjectKey))).toContain(
        `okta-user:${user.id}`,
      );
    });
  });
}

describeRoles('SQLite', async () => ({}));
describeWithPostgres('PostgreSQL', (db) => {
  describeRoles('PostgreSQL', async () => ({ DATABASE_URL: await db.createDatabase() }));
});
