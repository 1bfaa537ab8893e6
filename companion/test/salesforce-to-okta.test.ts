import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyOktaEvents, oktaLogEventSchema } from '../src/intake/okta-events.js';
import {
  employees,
  hooks,
  ourLogEvents,
  settled,
  startHarness,
  stopHarness,
  until,
  type Harness,
} from './s2o-harness.js';

/**
 * Salesforce → Okta end to end: the emulated org's change events over CometD (real jsforce
 * streaming), the real Okta SDK against the Okta emulator, the durable store and the worker.
 */

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

describe('Salesforce → Okta', () => {
  it('collapses a reassignment of 5,000 Leads into one Okta change per affected user', async () => {
    const [a, b] = employees(h);
    if (!a || !b) throw new Error('two employees needed');
    const group =
      h.config.accessRules[0]?.type === 'CONDITION_TO_GROUP' ? h.config.accessRules[0].groupId : '';
    for (const who of [a, b]) {
      if (h.okta.state.sortedMembers(group).includes(who.oktaUserId))
        h.okta.removeFromGroupDirect(group, who.oktaUserId);
    }
    const created = await h.human.sobject('Lead').create(
      Array.from({ length: 5000 }, (_, i) => ({
        LastName: `Lead ${i}`,
        Company: 'Acme',
        Rating: 'Hot',
        OwnerId: a.sfUserId,
      })),
      { allowRecursive: true },
    );
    expect(created.every((r) => r.success)).toBe(true);
    await settled(h);
    expect(h.okta.state.sortedMembers(group)).toContain(a.oktaUserId);
    expect(ourLogEvents(h, 'group.user_membership.add', a.oktaUserId)).toHaveLength(1);

    const ids = created.map((r) => r.id as string);
    const updated = await h.human.sobject('Lead').update(
      ids.map((Id) => ({ Id, OwnerId: b.sfUserId })),
      { allowRecursive: true },
    );
    expect(updated.every((r) => r.success)).toBe(true);
    await settled(h);

    expect(h.okta.state.sortedMembers(group)).toContain(b.oktaUserId);
    expect(h.okta.state.sortedMembers(group)).not.toContain(a.oktaUserId);
    expect(ourLogEvents(h, 'group.user_membership.add', b.oktaUserId)).toHaveLength(1);
    expect(ourLogEvents(h, 'group.user_membership.remove', a.oktaUserId)).toHaveLength(1);
    expect(ourLogEvents(h, 'user.account.update_profile')).toHaveLength(0);
  });

  it('pushes a Contact change to Okta once and stops there; an Okta change stops at Salesforce', async () => {
    const contact = h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string')[0];
    if (!contact) throw new Error('no linked contact');
    const oktaUserId = String(contact['Okta_User_Id__c']);
    await h.human
      .sobject('Contact')
      .update({ Id: String(contact['Id']), MobilePhone: '+1 (415) 555-0142' });
    await until(() => ourLogEvents(h, 'user.account.update_profile', oktaUserId).length > 0);
    await settled(h);
    expect(h.okta.state.users.get(oktaUserId)?.profile['mobilePhone']).toBe('+14155550142');

    // Okta reports our own update: the event is taken in like any other (never dropped for its
    // actor), and the write ledger recognises the echo: the Contact keeps its value, the
    // companion writes nothing back, and the loop stops there.
    const fromOkta = classifyOktaEvents(
      h.okta.state.logs.map((e) => oktaLogEventSchema.parse(JSON.parse(JSON.stringify(e)))),
      { source: 'okta-log' },
    );
    const echoes = fromOkta.events.filter(
      (e) =>
        e.subjectKey === `okta-user:${oktaUserId}` && e.eventType === 'user.account.update_profile',
    );
    expect(echoes).toHaveLength(1);
    await h.store.inbox.accept(echoes);
    h.worker.wake();
    await settled(h);
    expect(h.sf.db.get('Contact', String(contact['Id']))?.['MobilePhone']).toBe(
      '+1 (415) 555-0142',
    );
    expect(ourLogEvents(h, 'user.account.update_profile', oktaUserId)).toHaveLength(1);

    // The other way: an admin changes the title in Okta; the Contact follows, and nothing comes back.
    const before = h.okta.state.logs.length;
    h.okta.updateUserDirect(oktaUserId, { title: 'Head of Research' });
    await h.okta.whenLogPersisted();
    const adminEvents = classifyOktaEvents(
      h.okta.state.logs
        .slice(before)
        .map((e) => oktaLogEventSchema.parse(JSON.parse(JSON.stringify(e)))),
      { source: 'okta-log' },
    );
    await h.store.inbox.accept(adminEvents.events);
    h.worker.wake();
    await until(
      () => h.sf.db.get('Contact', String(contact['Id']))?.['Title'] === 'Head of Research',
    );
    await settled(h);
    expect(ourLogEvents(h, 'user.account.update_profile', oktaUserId)).toHaveLength(1);
  });

  it('keeps a Contact edit made while the previous value is being sent to Okta', async () => {
    const contact = h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string')[3];
    if (!contact) throw new Error('no linked contact');
    const contactId = String(contact['Id']);
    const oktaUserId = String(contact['Okta_User_Id__c']);
    // The second edit commits after the first one was read and before it reaches Okta; the
    // companion's clock then reads a few seconds later, as after a slow batch.
    let interleaved = false;
    hooks.duringOktaUpdate = async (userId) => {
      if (userId !== oktaUserId || interleaved) return;
      interleaved = true;
      await h.human.sobject('Contact').update({ Id: contactId, MobilePhone: '+1 415 555 0201' });
      h.clock.now = new Date(Date.now() + 5_000);
    };
    await h.human.sobject('Contact').update({ Id: contactId, MobilePhone: '+1 415 555 0101' });
    await until(() => interleaved);
    await settled(h);

    expect(h.sf.db.get('Contact', contactId)?.['MobilePhone']).toBe('+1 415 555 0201');
    expect(h.okta.state.users.get(oktaUserId)?.profile['mobilePhone']).toBe('+14155550201');
    expect(ourLogEvents(h, 'user.account.update_profile', oktaUserId)).toHaveLength(2);
  });

  it('applies a grant, expires it by its timer, and revokes grants when the Case closes', async () => {
    const contact = h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string')[1];
    if (!contact) throw new Error('no linked contact');
    const oktaUserId = String(contact['Okta_User_Id__c']);
    const group =
      h.config.accessRules[1]?.type === 'GROUP_TO_ACCOUNT_TEAM'
        ? h.config.accessRules[1].groupId
        : '';
    const caseResult = await h.human.sobject('Case').create({
      Subject: 'Cannot reach the portal',
      Status: 'New',
      ContactId: String(contact['Id']),
    });
    const caseId = String(caseResult.id);

    expect((await h.s2o.grants.grantableGroups()).map((g) => g.id).sort()).toEqual(
      h.config.accessRules
        .flatMap((r) => (r.type === 'CONDITION_TO_ATTRIBUTE' ? [] : [r.groupId]))
        .sort(),
    );
    const grant = await h.s2o.grants.create({
      caseId,
      groupId: group,
      durationHours: 2,
      reason: 'Portal access for troubleshooting',
    });
    expect(grant).toMatchObject({
      status: 'ACTIVE',
      oktaUserId,
      contactId: expect.stringMatching(/^003/),
      caseId: expect.stringMatching(/^500/),
    });
    expect(h.okta.state.sortedMembers(group)).toContain(oktaUserId);
    expect(await h.store.timers.get(`grant-expiry:${grant.id.slice(0, 15)}`)).toBeDefined();

    // Two hours later the timer fires.
    h.clock.now = new Date(h.clock.now.getTime() + 2 * 3_600_000 + 1000);
    await h.s2o.sweeper.sweep();
    await until(async () => (await h.s2o.grants.listByCase(caseId))[0]?.status === 'EXPIRED');
    expect(h.okta.state.sortedMembers(group)).not.toContain(oktaUserId);

    // A grant created inside Salesforce is picked up by the sweep; closing the Case ends it.
    const requested = await h.human.sobject('Okta_Access_Grant__c').create({
      Case__c: caseId,
      Contact__c: String(contact['Id']),
      Okta_Group_Id__c: group,
      Status__c: 'REQUESTED',
      Expires_At__c: new Date(h.clock.now.getTime() + 3_600_000).toISOString(),
      Reason__c: 'Requested in Salesforce',
    });
    await h.s2o.sweeper.sweep();
    await until(
      async () => (await h.s2o.grants.listByCase(caseId, { activeOnly: true })).length === 1,
    );
    expect(h.okta.state.sortedMembers(group)).toContain(oktaUserId);

    await h.human.sobject('Case').update({ Id: caseId, Status: 'Closed' });
    await until(
      async () =>
        (await h.s2o.grants.listByCase(caseId)).find((g) => g.id === requested.id)?.status ===
        'REVOKED',
    );
    expect(h.okta.state.sortedMembers(group)).not.toContain(oktaUserId);
    await settled(h);
  });

  it('deactivates the Contact’s Okta user when a termination Case closes', async () => {
    const contact = h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string')[2];
    if (!contact) throw new Error('no linked contact');
    const oktaUserId = String(contact['Okta_User_Id__c']);
    const created = await h.human.sobject('Case').create({
      Subject: 'Offboard',
      Status: 'New',
      Type: 'Termination',
      ContactId: String(contact['Id']),
    });
    await h.human.sobject('Case').update({ Id: String(created.id), Status: 'Closed' });
    await until(() => h.okta.state.users.get(oktaUserId)?.status === 'DEPROVISIONED');
    await settled(h);
    expect(ourLogEvents(h, 'user.lifecycle.deactivate', oktaUserId)).toHaveLength(1);
  });
});
