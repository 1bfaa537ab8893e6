import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDS, must, rejectionOf, startFixtureOrg } from './__fixtures__/fixture-org.js';
import type { FixtureOrg } from './__fixtures__/fixture-org.js';

let org: FixtureOrg;

beforeAll(async () => {
  org = await startFixtureOrg();
});
afterAll(async () => {
  await org.sf.close();
});
beforeEach(() => {
  org.sf.reset();
  org.sink.transactions.length = 0;
  org.conn.bulk2.pollInterval = 20;
  org.conn.bulk2.pollTimeout = 30_000;
});

describe('Bulk API 2.0 ingest', () => {
  it('upserts by external id end to end with loadAndWaitForResults', async () => {
    const input = [
      { Okta_User_Id__c: '00uADA0000000000001', LastName: 'Lovelace', Title: 'Countess' },
      ...Array.from({ length: 450 }, (_, i) => ({
        Okta_User_Id__c: `00uBULK${String(i).padStart(12, '0')}`,
        LastName: `Bulk${i}`,
        Title: '',
      })),
      { Okta_User_Id__c: '00uBAD00000000000001', LastName: '', Title: 'No name' },
    ];
    const results = await org.conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'upsert',
      externalIdFieldName: 'Okta_User_Id__c',
      input,
    });
    expect(results.successfulResults).toHaveLength(451);
    expect(results.successfulResults[0]).toMatchObject({
      sf__Id: IDS.ada,
      sf__Created: 'false',
      Okta_User_Id__c: '00uADA0000000000001',
    });
    expect(results.successfulResults[1]).toMatchObject({ sf__Created: 'true', LastName: 'Bulk0' });
    expect(results.failedResults).toEqual([
      expect.objectContaining({
        sf__Id: '',
        sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --',
        Okta_User_Id__c: '00uBAD00000000000001',
      }),
    ]);
    expect(results.unprocessedRecords).toEqual([]);
    expect(org.sf.db.get('Contact', IDS.ada)?.['Title']).toBe('Countess');
    expect(org.sf.db.count('Contact')).toBe(453);
    expect(org.sink.transactions.map((t) => t.changes.length)).toEqual([200, 200, 51]);
    expect(must(org.sink.transactions[0]).context).toMatchObject({
      api: 'bulk2',
      clientId: 'okta-sync',
      userId: IDS.integrationUser,
    });
  });

  it('inserts, updates with #N/A nulling and deletes', async () => {
    const inserted = await org.conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [{ Name: 'Initech', Okta_Organization_Key__c: 'initech' }],
    });
    const id = (inserted.successfulResults[0] as { sf__Id: string }).sf__Id;
    expect(id).toMatch(/^001/);
    await org.conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'update',
      input: `Id,Title,Email\n${IDS.ada},#N/A,\n`,
    });
    expect(org.sf.db.get('Contact', IDS.ada)).toMatchObject({
      Title: null,
      Email: 'ada@acme.test',
    });
    const deleted = await org.conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'delete',
      input: `Id\n${IDS.alan}\nbogus\n`,
    });
    expect(deleted.successfulResults).toHaveLength(1);
    expect(deleted.failedResults[0]).toMatchObject({
      sf__Error: expect.stringMatching(/^MALFORMED_ID:/),
    });
    expect(org.sf.db.get('Contact', IDS.alan)).toBeUndefined();
  });

  it('resolves parent external id columns', async () => {
    const res = await org.conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'insert',
      input: 'LastName,Account.Okta_Organization_Key__c\nLinked,globex\nLost,nowhere\n',
    });
    const id = (res.successfulResults[0] as { sf__Id: string }).sf__Id;
    expect(org.sf.db.get('Contact', id)?.['AccountId']).toBe(IDS.globex);
    expect(res.failedResults[0]).toMatchObject({
      sf__Error: expect.stringMatching(/^INVALID_FIELD:Foreign key external ID: nowhere not found/),
    });
  });

  it('fails the job on an unknown column and keeps the records unprocessed', async () => {
    const err = await rejectionOf(
      org.conn.bulk2.loadAndWaitForResults({
        object: 'Contact',
        operation: 'insert',
        input: 'LastName,Nope__c\nX,1\n',
      }),
    );
    expect(err.message).toBe(
      'Ingest job failed to complete due to: InvalidBatch : Field name not found : Nope__c',
    );
    expect(org.sf.db.count('Contact')).toBe(3);
  });

  it('walks the job states and reports counts', async () => {
    const job = org.conn.bulk2.createJob({
      object: 'Contact',
      operation: 'insert',
      lineEnding: 'LF',
    });
    const opened = await job.open();
    expect(opened).toMatchObject({
      state: 'Open',
      object: 'Contact',
      operation: 'insert',
      contentType: 'CSV',
    });
    await job.uploadData('LastName,Birthdate\nOne,2001-02-03\nTwo,not-a-date\n');
    await job.close();
    expect(job.getInfo().state).toBe('UploadComplete');
    await job.poll(20, 30_000);
    const info = await job.check();
    expect(info).toMatchObject({
      state: 'JobComplete',
      numberRecordsProcessed: 2,
      numberRecordsFailed: 1,
    });
    const failed = await job.getFailedResults();
    expect(failed[0]).toMatchObject({
      sf__Error:
        'INVALID_TYPE_ON_FIELD_IN_RECORD:Birthdate: value not of required type: not-a-date:Birthdate --',
    });
    await job.delete();
    expect((await rejectionOf(job.check())).errorCode).toBe('NOT_FOUND');
  });

  it('refuses bad job definitions', async () => {
    expect(
      (
        await rejectionOf(
          org.conn.bulk2
            .createJob({ object: 'Okta_Field_Mapping__mdt', operation: 'insert' })
            .open(),
        )
      ).errorCode,
    ).toBe('INVALIDENTITY');
    expect(
      (
        await rejectionOf(
          org.conn.bulk2
            .createJob({ object: 'Contact', operation: 'upsert', externalIdFieldName: 'Email' })
            .open(),
        )
      ).errorCode,
    ).toBe('INVALIDJOB');
  });

  it('aborts an open job', async () => {
    const job = org.conn.bulk2.createJob({ object: 'Contact', operation: 'insert' });
    await job.open();
    await job.abort();
    expect((await job.check()).state).toBe('Aborted');
  });
});
