import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../store/index.js';
import { createScimGroupService } from './scim-groups.js';
import { createScimGroupLinkHandler, createScimUserLinkHandler } from './scim-link-jobs.js';
import { SCIM } from './scim-schemas.js';
import { createScimUserService } from './scim-users.js';

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function setup(okta: { users?: Record<string, string>; groups?: Record<string, string> }) {
  const store = openSqliteStore({ path: ':memory:' });
  stores.push(store);
  const deps = { store, now: () => new Date('2026-12-01T10:00:00Z'), newId: randomUUID };
  const links = {
    store,
    audit: store.audit,
    findOktaUser: async (login: string) => okta.users?.[login],
    findOktaGroup: async (name: string) => okta.groups?.[name],
  };
  const claim = (kind: string) =>
    store.jobs.claim({ limit: 10, leaseMs: 60_000, workerId: 'test', kinds: [kind] });
  return {
    store,
    users: createScimUserService(deps),
    groups: createScimGroupService(deps),
    userLink: createScimUserLinkHandler(links),
    groupLink: createScimGroupLinkHandler(links),
    claim,
  };
}

describe('SCIM link jobs', () => {
  it('links a user pushed without an Okta id by its login, and queues its sync', async () => {
    const w = setup({ users: { 'ada@acme.test': '00u0000000000000ada1' } });
    const user = await w.users.create({ schemas: [SCIM.user], userName: 'ada@acme.test' });
    const jobs = await w.claim('scim-user-link');
    expect(await w.userLink(jobs)).toEqual([{ jobId: jobs[0]?.id, status: 'done' }]);
    expect((await w.store.scim.user(user.id))?.oktaUserId).toBe('00u0000000000000ada1');
    const [sync] = await w.claim('okta-user-sync');
    expect(sync).toMatchObject({ subjectKey: 'okta-user:00u0000000000000ada1' });
    expect(sync?.events.map((e) => e.eventType)).toEqual(['user.lifecycle.create']);
  });

  it('journals a user Okta does not have, and queues nothing', async () => {
    const w = setup({});
    await w.users.create({ schemas: [SCIM.user], userName: 'ghost@acme.test' });
    const jobs = await w.claim('scim-user-link');
    expect((await w.userLink(jobs))[0]?.status).toBe('done');
    expect(await w.claim('okta-user-sync')).toEqual([]);
    const entries = await w.store.audit.pendingMirror(10);
    expect(entries.map((e) => [e.operation, e.status])).toEqual([['scim-link-user', 'SKIPPED']]);
    expect(JSON.stringify(entries)).not.toContain('ghost@acme.test');
  });

  it('links a pushed group by name and hands its member changes to the Account Team workflow', async () => {
    const w = setup({ groups: { 'Support Tier 2': '00g0000000000000sup2' } });
    const member = await w.users.create({
      schemas: [SCIM.user],
      userName: 'bob@acme.test',
      externalId: '00u0000000000000bob1',
    });
    for (const job of await w.claim('okta-user-sync')) await w.store.jobs.complete(job.id, 'test');
    const group = await w.groups.create({ schemas: [SCIM.group], displayName: 'Support Tier 2' });
    await w.groups.patch(group.id, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'add', path: 'members', value: [{ value: member.id }] }],
    });
    const jobs = await w.claim('scim-group-link');
    expect(jobs).toHaveLength(1);
    expect((await w.groupLink(jobs))[0]?.status).toBe('done');
    expect((await w.store.scim.group(group.id))?.oktaGroupId).toBe('00g0000000000000sup2');
    const [membership] = await w.claim('okta-group-membership');
    expect(membership?.subjectKey).toBe('okta-user:00u0000000000000bob1');
    expect(
      membership?.events.map((e) => [e.eventType, (e.payload as { groupId: string }).groupId]),
    ).toEqual([['group.user_membership.add', '00g0000000000000sup2']]);

    if (membership) await w.store.jobs.complete(membership.id, 'test');
    // Once linked, later membership changes go straight to the workflow.
    await w.groups.patch(group.id, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'remove', path: `members[value eq "${member.id}"]` }],
    });
    expect(await w.claim('scim-group-link')).toEqual([]);
    const [removal] = await w.claim('okta-group-membership');
    expect(removal?.events.map((e) => e.eventType)).toEqual(['group.user_membership.remove']);
  });
});
