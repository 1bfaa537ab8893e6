import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDS, must, rejectionOf, startFixtureOrg } from '../__fixtures__/fixture-org.js';
import type { FixtureOrg } from '../__fixtures__/fixture-org.js';

let org: FixtureOrg;

beforeAll(async () => {
  org = await startFixtureOrg({ now: () => new Date('2026-01-15T12:00:00Z') });
});
afterAll(async () => {
  await org.sf.close();
});
beforeEach(() => {
  org.sf.reset();
});

const ids = (records: { Id?: string | null }[]) => records.map((r) => r.Id);

describe('SOQL over REST', () => {
  it('returns records with attributes, canonical field names and parent relationship fields', async () => {
    const res = await org.conn.query(
      "select id, lastname, Account.Name, Owner.FederationIdentifier from contact where Id = '" +
        IDS.ada +
        "'",
    );
    expect(res).toMatchObject({ totalSize: 1, done: true });
    expect(res.records[0]).toEqual({
      attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${IDS.ada}` },
      Id: IDS.ada,
      LastName: 'Lovelace',
      Account: {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${IDS.acme}` },
        Name: 'Acme',
      },
      Owner: {
        attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${IDS.salesUser}` },
        FederationIdentifier: 'sam.sales@example-corp.test',
      },
    });
  });

  it('gives a null parent when the reference is empty', async () => {
    const id = org.sf.db.insert('Contact', { LastName: 'Orphan' });
    const res = await org.conn.query(`SELECT Account.Name FROM Contact WHERE Id = '${id}'`);
    expect(res.records[0]).toMatchObject({ Account: null });
  });

  it.each([
    ["SELECT Id FROM Contact WHERE Email = 'ADA@acme.test'", [IDS.ada]],
    [
      "SELECT Id FROM Contact WHERE Email LIKE '%@ACME.test' ORDER BY LastName",
      [IDS.ada, IDS.alan],
    ],
    ["SELECT Id FROM Contact WHERE Okta_Status__c IN ('SUSPENDED', 'STAGED')", [IDS.alan]],
    [
      "SELECT Id FROM Contact WHERE Okta_Status__c NOT IN ('SUSPENDED') ORDER BY LastName",
      [IDS.grace, IDS.ada],
    ],
    ['SELECT Id FROM Contact WHERE Title = null', [IDS.alan]],
    ['SELECT Id FROM Contact WHERE Okta_User_Id__c != null ORDER BY LastName', [IDS.ada, IDS.alan]],
    ["SELECT Id FROM Contact WHERE Title != 'Engineer' ORDER BY LastName", [IDS.grace, IDS.alan]],
    ["SELECT Id FROM Contact WHERE NOT (Account.Name = 'Acme')", [IDS.grace]],
    [
      "SELECT Id FROM Contact WHERE Account.Name = 'Acme' AND (Title = 'Engineer' OR Title = null) ORDER BY FirstName DESC",
      [IDS.alan, IDS.ada],
    ],
    ['SELECT Id FROM Contact ORDER BY Title NULLS LAST, LastName', [IDS.grace, IDS.ada, IDS.alan]],
    ['SELECT Id FROM Contact ORDER BY Title DESC', [IDS.ada, IDS.grace, IDS.alan]],
    ['SELECT Id FROM Contact ORDER BY LastName LIMIT 1 OFFSET 1', [IDS.ada]],
    [
      "SELECT Id FROM Contact WHERE Id IN (SELECT ContactId FROM Case WHERE Status = 'New')",
      [IDS.ada],
    ],
    [
      'SELECT Id FROM Contact WHERE CreatedDate = TODAY ORDER BY LastName',
      [IDS.grace, IDS.ada, IDS.alan],
    ],
    ['SELECT Id FROM Contact WHERE CreatedDate > 2026-01-15T12:00:00Z', []],
    [
      'SELECT Id FROM Contact WHERE CreatedDate >= 2026-01-15T13:00:00+01:00 ORDER BY LastName',
      [IDS.grace, IDS.ada, IDS.alan],
    ],
    [
      "SELECT Id FROM Contact WHERE Owner.FederationIdentifier = 'sam.sales@example-corp.test' ORDER BY LastName",
      [IDS.ada, IDS.alan],
    ],
    [
      'SELECT Id FROM Contact WHERE HasOptedOutOfEmail = false AND IsDeleted = false ORDER BY LastName',
      [IDS.grace, IDS.ada, IDS.alan],
    ],
  ])('%s', async (soql, expected) => {
    const res = await org.conn.query<{ Id: string }>(soql);
    expect(ids(res.records)).toEqual(expected);
  });

  it('reads the Group object although GROUP is also a keyword', async () => {
    const res = await org.conn.query("SELECT Id, DeveloperName FROM Group WHERE Type = 'Queue'");
    expect(res.done).toBe(true);
    expect(Array.isArray(res.records)).toBe(true);
  });

  it('counts with COUNT() and COUNT(field)', async () => {
    const count = await org.conn.query("SELECT COUNT() FROM Contact WHERE Account.Name = 'Acme'");
    expect(count).toMatchObject({ totalSize: 2, done: true, records: [] });
    const agg = await org.conn.query('SELECT COUNT(Title) n FROM Contact');
    expect(agg.records).toEqual([{ attributes: { type: 'AggregateResult' }, n: 2 }]);
  });

  it('reads custom metadata records', async () => {
    const res = await org.conn.query<{
      DeveloperName: string;
      MasterLabel: string;
      Direction__c: string;
      Active__c: boolean;
      Match_Priority__c: number | null;
    }>(
      'SELECT DeveloperName, MasterLabel, Direction__c, Active__c, Match_Priority__c FROM Okta_Field_Mapping__mdt ORDER BY DeveloperName',
    );
    expect(
      res.records.map((r) =>
        Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'attributes')),
      ),
    ).toEqual([
      {
        DeveloperName: 'Contact_Email',
        MasterLabel: 'Contact_Email label',
        Direction__c: 'OKTA_TO_SALESFORCE',
        Active__c: true,
        Match_Priority__c: 2,
      },
      {
        DeveloperName: 'Contact_Phone',
        MasterLabel: 'Contact_Phone label',
        Direction__c: 'BOTH',
        Active__c: false,
        Match_Priority__c: null,
      },
    ]);
  });

  it('includes deleted records only in queryAll', async () => {
    await org.conn.sobject('Contact').destroy(IDS.alan);
    expect((await org.conn.query('SELECT Id FROM Contact')).totalSize).toBe(2);
    const all = await org.conn.query<{ Id: string; IsDeleted: boolean }>(
      'SELECT Id, IsDeleted FROM Contact WHERE IsDeleted = true',
      { scanAll: true },
    );
    expect(all.records).toEqual([expect.objectContaining({ Id: IDS.alan, IsDeleted: true })]);
  });

  it.each([
    ['SELECT Foo FROM Contact', 'INVALID_FIELD', "No such column 'Foo' on entity 'Contact'"],
    ['SELECT Id FROM Foo__c', 'INVALID_TYPE', "sObject type 'Foo__c' is not supported"],
    ['SELECT Nope.Name FROM Contact', 'INVALID_FIELD', "Didn't understand relationship 'Nope'"],
    [
      "SELECT Id FROM Contact WHERE IsDeleted = 'false'",
      'INVALID_QUERY_FILTER_OPERATOR',
      'must be of type boolean',
    ],
    [
      "SELECT Id FROM Contact WHERE Id = 'abc'",
      'INVALID_QUERY_FILTER_OPERATOR',
      'invalid ID field: abc',
    ],
    [
      "SELECT Id FROM Contact WHERE CreatedDate > '2024-01-01'",
      'INVALID_QUERY_FILTER_OPERATOR',
      'must be of type dateTime',
    ],
    ["SELECT Id FROM Contact WHERE Description = 'x'", 'INVALID_FIELD', 'can not be filtered'],
    ['SELECT Id FROM Contact WHERE', 'MALFORMED_QUERY', 'unexpected token'],
    ['SELECT Id, COUNT() FROM Contact', 'MALFORMED_QUERY', 'Field must be grouped or aggregated'],
    [
      'SELECT Id FROM Contact OFFSET 2001',
      'NUMBER_OUTSIDE_VALID_RANGE',
      'Maximum SOQL offset allowed is 2000',
    ],
  ])('rejects %s with %s', async (soql, errorCode, message) => {
    const err = await rejectionOf(org.conn.query(soql));
    expect(err.errorCode).toBe(errorCode);
    expect(err.message).toContain(message);
  });
});

describe('query paging', () => {
  beforeEach(async () => {
    const records = Array.from({ length: 4500 }, (_, i) => ({
      LastName: `Bulk${String(i).padStart(5, '0')}`,
      Okta_User_Id__c: `00uPAGE${String(i).padStart(12, '0')}`,
    }));
    for (let i = 0; i < records.length; i += 200) {
      await org.conn.sobject('Contact').create(records.slice(i, i + 200));
    }
  });

  it('pages by 2000 with nextRecordsUrl and serves the locator route', async () => {
    const first = await org.conn.query(
      "SELECT Id, LastName FROM Contact WHERE LastName LIKE 'Bulk%' ORDER BY LastName",
    );
    expect(first).toMatchObject({ totalSize: 4500, done: false });
    expect(first.records).toHaveLength(2000);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g[0-9a-f]+-2000$/);
    const second = await org.conn.queryMore(must(first.nextRecordsUrl));
    expect(second.records).toHaveLength(2000);
    expect(second.nextRecordsUrl).toMatch(/-4000$/);
    const third = await org.conn.queryMore(must(second.nextRecordsUrl));
    expect(third).toMatchObject({ done: true, totalSize: 4500 });
    expect(third.records).toHaveLength(500);
    expect((third.records[499] as { LastName: string }).LastName).toBe('Bulk04499');
  });

  it('fetches every page with autoFetch', async () => {
    const records: { LastName: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      org.conn
        .query("SELECT LastName FROM Contact WHERE LastName LIKE 'Bulk%'")
        .on('record', (r: { LastName: string }) => records.push(r))
        .on('end', () => resolve())
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 10_000 });
    });
    expect(records).toHaveLength(4500);
    expect(new Set(records.map((r) => r.LastName)).size).toBe(4500);
  });

  it('respects Sforce-Query-Options batchSize', async () => {
    const res = await org.conn.request<{ records: unknown[]; nextRecordsUrl: string }>({
      method: 'GET',
      url: `/query?q=${encodeURIComponent("SELECT Id FROM Contact WHERE LastName LIKE 'Bulk%'")}`,
      headers: { 'Sforce-Query-Options': 'batchSize=500' },
    });
    expect(res.records).toHaveLength(500);
    expect(res.nextRecordsUrl).toMatch(/-500$/);
  });

  it('rejects an unknown locator', async () => {
    const err = await rejectionOf(org.conn.queryMore('01gdeadbeef-2000'));
    expect(err.errorCode).toBe('INVALID_QUERY_LOCATOR');
  });
});
