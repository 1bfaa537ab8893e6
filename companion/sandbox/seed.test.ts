import { describe, expect, it } from 'vitest';
import {
  DEPROVISIONED_QUEUE_DEVELOPER_NAME,
  generateSeed,
  salesforceId,
  salesforceIdChecksum,
  SEED_GROUP_NAMES,
  SIGN_UP_QUEUE_DEVELOPER_NAME,
  SIGN_UP_QUEUE_ID,
  type SeedData,
  type SeedRecordSet,
} from './seed.js';
import { required } from './okta/required.js';

function allSalesforceRecords(seed: SeedData) {
  const sf = seed.salesforce;
  return [
    ...sf.users,
    ...sf.groups,
    ...sf.accounts,
    ...sf.contacts,
    ...sf.leads,
    ...sf.opportunities,
    ...sf.cases,
  ];
}

describe('salesforceId', () => {
  it('computes the case-safe checksum of a known id', () => {
    // Salesforce's documented example: 001A0000006Vm9r → 001A0000006Vm9rIAC
    expect(salesforceIdChecksum('001A0000006Vm9r')).toBe('IAC');
  });

  it('builds 18-character ids with the key prefix and a valid checksum', () => {
    const id = salesforceId('003', 12345);
    expect(id).toHaveLength(18);
    expect(id.startsWith('003')).toBe(true);
    expect(id.slice(15)).toBe(salesforceIdChecksum(id.slice(0, 15)));
    expect(salesforceId('003', 1)).not.toBe(salesforceId('003', 2));
  });

  it('rejects bad prefixes and numbers', () => {
    expect(() => salesforceId('03', 1)).toThrow();
    expect(() => salesforceId('003', -1)).toThrow();
  });
});

describe('generateSeed', () => {
  it('is deterministic: the same options give byte-identical output', () => {
    const a = JSON.stringify(generateSeed({ users: 500, seed: 7 }));
    const b = JSON.stringify(generateSeed({ users: 500, seed: 7 }));
    expect(a).toBe(b);
    expect(JSON.stringify(generateSeed({ users: 500, seed: 8 }))).not.toBe(a);
  });

  it('honours now', () => {
    const seed = generateSeed({
      users: 20,
      now: new Date('2030-06-01T00:00:00Z'),
    });
    for (const u of seed.okta.users) expect(u.lastUpdated < '2030-06-01').toBe(true);
    for (const u of seed.okta.users) expect(u.created > '2026-06-01').toBe(true);
  });

  const seed = generateSeed({ users: 2000 });
  const { okta, salesforce } = seed;
  const customers = okta.users.filter((u) => u.profile.userType === 'Customer');
  const employees = okta.users.filter((u) => u.profile.userType === 'Employee');

  it('has the right populations', () => {
    expect(customers).toHaveLength(2000);
    expect(employees).toHaveLength(10);
    expect(
      generateSeed({ users: 10 }).okta.users.filter((u) => u.profile.userType === 'Employee'),
    ).toHaveLength(3);
  });

  it('uses Okta-shaped, unique ids', () => {
    const ids = new Set<string>();
    for (const u of okta.users) {
      expect(u.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
      ids.add(u.id);
      for (const f of u.factors) {
        expect(f.id).toMatch(/^[a-z]{3}[0-9A-Za-z]{17}$/);
        ids.add(f.id);
      }
    }
    for (const g of okta.groups) {
      expect(g.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
      ids.add(g.id);
    }
    const factorCount = okta.users.reduce((n, u) => n + u.factors.length, 0);
    expect(ids.size).toBe(okta.users.length + okta.groups.length + factorCount);
  });

  it('uses unique Salesforce ids with real prefixes and valid checksums', () => {
    const records = allSalesforceRecords(seed);
    expect(new Set(records.map((r) => r.Id)).size).toBe(records.length);
    for (const r of records) {
      expect(r.Id).toHaveLength(18);
      expect(r.Id.slice(15)).toBe(salesforceIdChecksum(r.Id.slice(0, 15)));
    }
    const prefixes: [SeedRecordSet, string][] = [
      ['users', '005'],
      ['groups', '00G'],
      ['accounts', '001'],
      ['contacts', '003'],
      ['leads', '00Q'],
      ['opportunities', '006'],
      ['cases', '500'],
    ];
    for (const [kind, prefix] of prefixes) {
      for (const r of salesforce[kind]) expect(r.Id.slice(0, 3)).toBe(prefix);
    }
  });

  it('has unique lower-case logins and emails', () => {
    const logins = okta.users.map((u) => u.profile.login);
    expect(new Set(logins).size).toBe(logins.length);
    for (const u of okta.users) {
      expect(u.profile.login).toBe(u.profile.login.toLowerCase());
      expect(u.profile.email).toBe(u.profile.email.toLowerCase());
    }
    for (const e of employees)
      expect(e.profile.login).toMatch(/^[a-z]+\.[a-z]+\d*@example-corp\.test$/);
  });

  it('mixes customer statuses in the agreed proportions', () => {
    const count = (s: string) => customers.filter((u) => u.status === s).length;
    expect(count('ACTIVE')).toBe(1840);
    expect(count('PROVISIONED')).toBe(40);
    expect(count('SUSPENDED')).toBe(40);
    expect(count('LOCKED_OUT')).toBe(20);
    expect(count('DEPROVISIONED')).toBe(40);
    expect(count('PASSWORD_EXPIRED')).toBe(20);
    const small = new Set(generateSeed({ users: 10 }).okta.users.map((u) => u.status));
    expect(small.size).toBe(6);
  });

  it('has timestamps consistent with status', () => {
    for (const u of okta.users) {
      expect(u.lastUpdated >= u.created).toBe(true);
      if (u.status === 'PROVISIONED') expect(u.activated).toBeNull();
      if (u.status === 'ACTIVE') expect(u.activated).not.toBeNull();
    }
  });

  it('has about users/20 organizations, set on ~95% of customers, one Account each', () => {
    const orgs = new Set(customers.map((u) => u.profile.organization).filter((o) => o !== null));
    expect(orgs.size).toBe(100);
    const withOrg = customers.filter((u) => u.profile.organization !== null).length;
    expect(withOrg / customers.length).toBeGreaterThan(0.92);
    expect(withOrg).toBeLessThan(customers.length);
    expect(salesforce.accounts).toHaveLength(100);
    const keys = new Set(salesforce.accounts.map((a) => a['Okta_Organization_Key__c']));
    for (const org of orgs) expect(keys.has(org.toLowerCase())).toBe(true);
  });

  it('mirrors non-deprovisioned customers as Contacts, ~90% linked with matching values', () => {
    const live = customers.filter((u) => u.status !== 'DEPROVISIONED');
    expect(salesforce.contacts).toHaveLength(live.length);
    const byId = new Map(okta.users.map((u) => [u.id, u]));
    const byEmail = new Map(live.map((u) => [u.profile.email, u]));
    const accountByKey = new Map(
      salesforce.accounts.map((a) => [a['Okta_Organization_Key__c'], a.Id]),
    );
    let linked = 0;
    for (const c of salesforce.contacts) {
      const oktaId = c['Okta_User_Id__c'];
      const user = typeof oktaId === 'string' ? byId.get(oktaId) : byEmail.get(String(c['Email']));
      expect(user).toBeDefined();
      if (!user) continue;
      if (typeof oktaId === 'string') {
        linked++;
        expect(c['Okta_Login__c']).toBe(user.profile.login);
        expect(c['Okta_Sync_Status__c']).toBe('Synced');
        expect(c['Okta_Status__c']).toBe(user.status);
      } else {
        expect(c).not.toHaveProperty('Okta_Login__c');
      }
      expect(c['Email']).toBe(user.profile.email);
      expect(c['FirstName']).toBe(user.profile.firstName);
      expect(c['LastName']).toBe(user.profile.lastName);
      expect(c['Title']).toBe(user.profile.title);
      expect(c['Phone']).toBe(user.profile.primaryPhone);
      const org = user.profile.organization;
      expect(c['AccountId']).toBe(org === null ? null : accountByKey.get(org.toLowerCase()));
    }
    expect(linked / live.length).toBeGreaterThan(0.85);
    expect(linked).toBeLessThan(live.length);
  });

  it('mirrors each employee as a federated Salesforce User plus the integration user', () => {
    expect(salesforce.users).toHaveLength(employees.length + 1);
    for (const e of employees) {
      const sf = salesforce.users.find((u) => u['FederationIdentifier'] === e.profile.login);
      expect(sf?.['Username']).toBe(`${e.profile.login}.sf`);
    }
    const integration = salesforce.users.filter((u) => !u['FederationIdentifier']);
    expect(integration.map((u) => `${String(u['FirstName'])} ${String(u['LastName'])}`)).toEqual([
      'Okta Integration',
    ]);
  });

  it('has the agreed groups and memberships', () => {
    expect(okta.groups.map((g) => g.name)).toEqual([...SEED_GROUP_NAMES]);
    const members = (name: string) => {
      const g = required(okta.groups.find((x) => x.name === name));
      return new Set(okta.memberships.filter((m) => m.groupId === g.id).map((m) => m.userId));
    };
    expect(members('Everyone').size).toBe(okta.users.length);
    const sales = new Set([...members('Sales - West'), ...members('Sales - East')]);
    for (const e of employees) expect(sales.has(e.id)).toBe(true);
    const customerIds = new Set(customers.map((u) => u.id));
    expect(members('Partner Portal').size).toBeGreaterThan(0);
    expect(members('VIP Customers').size).toBeGreaterThan(0);
    for (const id of [...members('Partner Portal'), ...members('VIP Customers')]) {
      expect(customerIds.has(id)).toBe(true);
    }
    const pairs = okta.memberships.map((m) => `${m.groupId}/${m.userId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('has leads, opportunities and cases owned by employees, a Case queue and a Lead queue', () => {
    const employeeSf = new Set(
      salesforce.users.filter((u) => u['FederationIdentifier']).map((u) => u.Id),
    );
    expect(salesforce.leads).toHaveLength(200);
    expect(salesforce.opportunities).toHaveLength(100);
    expect(salesforce.cases).toHaveLength(200);
    for (const r of [...salesforce.leads, ...salesforce.opportunities, ...salesforce.cases]) {
      expect(employeeSf.has(String(r['OwnerId']))).toBe(true);
    }
    const accountIds = new Set(salesforce.accounts.map((a) => a.Id));
    for (const o of salesforce.opportunities)
      expect(accountIds.has(String(o['AccountId']))).toBe(true);
    const contactIds = new Set(salesforce.contacts.map((c) => c.Id));
    for (const c of salesforce.cases) expect(contactIds.has(String(c['ContactId']))).toBe(true);
    const types = new Set(salesforce.cases.map((c) => c['Type']));
    expect(types.has('Termination') && types.has('Access Issue')).toBe(true);
    expect(new Set(salesforce.cases.map((c) => c['Status']))).toEqual(
      new Set(['New', 'Working', 'Closed']),
    );
    expect(salesforce.groups).toEqual([
      expect.objectContaining({
        DeveloperName: DEPROVISIONED_QUEUE_DEVELOPER_NAME,
        Type: 'Queue',
      }),
      expect.objectContaining({ DeveloperName: SIGN_UP_QUEUE_DEVELOPER_NAME, Type: 'Queue' }),
    ]);
    expect(salesforce.queueSobjects).toEqual([
      expect.objectContaining({ QueueId: SIGN_UP_QUEUE_ID, SobjectType: 'Lead' }),
    ]);
  });

  it('generates 100,000 users with unique ids and logins', () => {
    const big = generateSeed({ users: 100_000 });
    expect(big.okta.users).toHaveLength(100_500);
    expect(new Set(big.okta.users.map((u) => u.id)).size).toBe(100_500);
    expect(new Set(big.okta.users.map((u) => u.profile.login)).size).toBe(100_500);
    expect(big.salesforce.accounts).toHaveLength(5000);
  });
});
