/**
 * Conformance of the emulated org with what Salesforce documents, where jsforce's own integration
 * tests found the emulator disagreeing. Each case names its source.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDS, startFixtureOrg } from './__fixtures__/fixture-org.js';
import type { FixtureOrg } from './__fixtures__/fixture-org.js';

let org: FixtureOrg;

beforeAll(async () => {
  org = await startFixtureOrg();
  org.conn.bulk2.pollInterval = 20;
  org.conn.bulk2.pollTimeout = 30_000;
});
afterAll(async () => {
  await org.sf.close();
});
beforeEach(() => {
  org.sf.reset();
});

describe('identity URL', () => {
  // Salesforce Help, "Identity URLs": the token response's `id` is a REST resource answering the
  // user and org, with the org's API endpoints under `urls`.
  it('answers the token response id with the user, the org and the API URLs', async () => {
    const token = (await (
      await fetch(`${org.sf.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret',
      })
    ).json()) as { id: string; access_token: string };
    const identity = (await (
      await fetch(`${token.id}?version=62.0`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      })
    ).json()) as Record<string, unknown>;
    expect(identity).toMatchObject({
      id: token.id,
      user_id: IDS.integrationUser,
      organization_id: org.sf.orgId,
      username: 'okta.integration@example-corp.test.sf',
      email: 'okta.integration@example-corp.test',
      active: true,
      urls: expect.objectContaining({
        rest: `${org.sf.url}/services/data/v62.0/`,
        query: `${org.sf.url}/services/data/v62.0/query/`,
      }),
    });
    // jsforce's identity() reads it through the version resource's `identity` URL.
    const viaJsforce = await org.conn.identity();
    expect(viaJsforce).toMatchObject({
      user_id: IDS.integrationUser,
      organization_id: org.sf.orgId,
      username: 'okta.integration@example-corp.test.sf',
    });
  });

  it('refuses a request without a valid token', async () => {
    const res = await fetch(`${org.sf.url}/id/${org.sf.orgId}/${IDS.integrationUser}`);
    expect(res.status).toBe(401);
  });
});

describe('trailing slashes', () => {
  // REST API Developer Guide: "Execute a SOQL Query" writes `/services/data/vXX.X/query/?q=…`,
  // "Limits" writes `/vXX.X/limits/`.
  it('serves query, limits and describe with a trailing slash', async () => {
    const base = `${org.sf.url}/services/data/v62.0`;
    const headers = { authorization: `Bearer ${org.sf.issueToken().accessToken}` };
    const query = await fetch(`${base}/query/?q=${encodeURIComponent('SELECT Id FROM Account')}`, {
      headers,
    });
    expect(query.status).toBe(200);
    expect(((await query.json()) as { totalSize: number }).totalSize).toBe(2);
    expect((await fetch(`${base}/limits/`, { headers })).status).toBe(200);
    const describe = await fetch(`${base}/sobjects/Account/describe/`, { headers });
    expect(describe.status).toBe(200);
  });
});

describe('describe', () => {
  // Object Reference: Account's child relationships Contacts, Opportunities, Cases, ChildAccounts.
  it('names the standard child relationships', async () => {
    const account = await org.conn.sobject('Account').describe();
    const names = (child: string, field: string) =>
      account.childRelationships.find((r) => r.childSObject === child && r.field === field)
        ?.relationshipName;
    expect(names('Contact', 'AccountId')).toBe('Contacts');
    expect(names('Opportunity', 'AccountId')).toBe('Opportunities');
    expect(names('Case', 'AccountId')).toBe('Cases');
    expect(names('Account', 'ParentId')).toBe('ChildAccounts');
    expect(names('AccountTeamMember', 'AccountId')).toBe('AccountTeamMembers');
  });
});

describe('limits', () => {
  // REST API Developer Guide, "Limits": data and file storage are among the standard keys.
  it('lists the standard keys, FileStorageMB included', async () => {
    const limits = (await org.conn.limits()) as unknown as Record<string, unknown>;
    for (const key of [
      'DailyApiRequests',
      'DailyAsyncApexExecutions',
      'DailyBulkApiBatches',
      'DailyBulkV2QueryJobs',
      'DailyDurableStreamingApiEvents',
      'DataStorageMB',
      'FileStorageMB',
      'HourlyPublishedPlatformEvents',
      'MassEmail',
      'SingleEmail',
      'StreamingApiConcurrentClients',
    ]) {
      expect(limits[key], key).toEqual(
        expect.objectContaining({ Max: expect.any(Number), Remaining: expect.any(Number) }),
      );
    }
  });
});

describe('Bulk API 2.0', () => {
  // jsforce's integration suite: "should bulk update with empty input and not raise client input
  // error" (a real org completes a job whose upload is empty, with empty results).
  it('completes a job with no records with empty results', async () => {
    const results = await org.conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [],
    });
    expect(results.successfulResults).toEqual([]);
    expect(results.failedResults).toEqual([]);
    expect(results.unprocessedRecords).toEqual([]);
  });

  // Bulk API 2.0 Developer Guide, "Upsert Records": "based on an ID, or the value of a specified
  // external ID field"; rows without an Id are inserted.
  it('upserts on Id: rows with an Id update, rows without are inserted', async () => {
    const results = await org.conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'upsert',
      externalIdFieldName: 'Id',
      input: [
        { Id: IDS.acme, Name: 'Acme Renamed' },
        { Id: '', Name: 'Brand New' },
      ],
    });
    expect(results.failedResults).toEqual([]);
    expect(results.successfulResults.map((r) => r['sf__Created'])).toEqual(['false', 'true']);
    const names = await org.conn.query<{ Name: string }>('SELECT Name FROM Account ORDER BY Name');
    expect(names.records.map((r) => r.Name)).toEqual(['Acme Renamed', 'Brand New', 'Globex']);
  });
});

describe('sObject Collections upsert', () => {
  // REST API Developer Guide, "Upsert Up to 200 Records Using sObject Collections": the external
  // id field may be `Id`.
  it('upserts on Id', async () => {
    const results = await org.conn.requestPatch<{ success: boolean; created: boolean }[]>(
      '/composite/sobjects/Account/Id',
      {
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, Id: IDS.globex, Name: 'Globex Renamed' },
          { attributes: { type: 'Account' }, Name: 'Initech' },
        ],
      },
    );
    expect(results.map((r) => [r.success, r.created])).toEqual([
      [true, false],
      [true, true],
    ]);
  });

  it('reports created on every result of a rolled-back allOrNone call', async () => {
    const results = await org.conn.requestPatch<Record<string, unknown>[]>(
      '/composite/sobjects/Account/Okta_Organization_Key__c',
      {
        allOrNone: true,
        records: [
          { attributes: { type: 'Account' }, Okta_Organization_Key__c: 'new-co', Name: 'New Co' },
          { attributes: { type: 'Account' }, Okta_Organization_Key__c: 'bad' },
        ],
      },
    );
    expect(results).toHaveLength(2);
    for (const result of results) expect(result).toMatchObject({ success: false, created: false });
    expect(results[0]).toMatchObject({
      errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })],
    });
  });
});
