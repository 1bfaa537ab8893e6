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
  org.sink.events.length = 0;
});

describe('describe', () => {
  it('lists standard, custom, metadata and event objects in the global describe', async () => {
    const global = await org.conn.describeGlobal();
    const names = global.sobjects.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Contact',
        'Account',
        'Case',
        'Lead',
        'User',
        'AccountTeamMember',
        'Okta_Sync_Log__c',
        'Okta_Field_Mapping__mdt',
        'Okta_Config_Changed__e',
      ]),
    );
    expect(global.sobjects.find((s) => s.name === 'Contact')?.keyPrefix).toBe('003');
    expect(global.sobjects.find((s) => s.name === 'Okta_Sync_Log__c')?.keyPrefix).toMatch(/^a0/);
  });

  it('describes fields with the types and flags of the metadata', async () => {
    const d = await org.conn.sobject('Contact').describe();
    const field = (name: string) => must(d.fields.find((f) => f.name === name));
    expect(field('LastName')).toMatchObject({ type: 'string', length: 80, nillable: false });
    expect(field('Okta_User_Id__c')).toMatchObject({
      type: 'string',
      externalId: true,
      unique: true,
      length: 40,
    });
    expect(must(field('Okta_Status__c').picklistValues).map((p) => p.value)).toContain('SUSPENDED');
    expect(field('Okta_Status__c').restrictedPicklist).toBe(true);
    expect(field('AccountId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
    expect(field('Name')).toMatchObject({ calculated: true, createable: false });
    const log = await org.conn.sobject('Okta_Sync_Log__c').describe();
    expect(log.fields.find((f) => f.name === 'Contact__c')).toMatchObject({
      relationshipName: 'Contact__r',
      referenceTo: ['Contact'],
    });
    expect(log.fields.find((f) => f.name === 'Name')).toMatchObject({
      autoNumber: true,
      createable: false,
    });
    const contact = await org.conn.sobject('Contact').describe();
    expect(contact.childRelationships).toContainEqual(
      expect.objectContaining({
        childSObject: 'Okta_Sync_Log__c',
        relationshipName: 'Okta_Sync_Logs__r',
      }),
    );
  });

  it('answers 404 NOT_FOUND for an unknown object', async () => {
    const err = await rejectionOf(org.conn.sobject('Nope__c').describe());
    expect(err.errorCode).toBe('NOT_FOUND');
  });
});

describe('rows', () => {
  it('creates, reads, updates and deletes a contact, stamping system fields with the session user', async () => {
    const created = await org.conn.sobject('Contact').create({
      LastName: 'Liskov',
      FirstName: 'Barbara',
      AccountId: IDS.acme,
      Okta_Status__c: 'ACTIVE',
    });
    expect(created).toMatchObject({ success: true, errors: [] });
    expect(created.id).toMatch(/^003[a-zA-Z0-9]{15}$/);
    const row = await org.conn.sobject('Contact').retrieve(must(created.id));
    expect(row).toMatchObject({
      LastName: 'Liskov',
      Name: 'Barbara Liskov',
      OwnerId: IDS.integrationUser,
      CreatedById: IDS.integrationUser,
      IsDeleted: false,
    });
    expect(row.attributes).toEqual({
      type: 'Contact',
      url: `/services/data/v62.0/sobjects/Contact/${created.id}`,
    });
    expect(String(row['CreatedDate'])).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/,
    );

    const updated = await org.conn
      .sobject('Contact')
      .update({ Id: must(created.id), Title: 'Professor' });
    expect(updated).toMatchObject({ id: created.id, success: true });
    expect(org.sf.db.get('Contact', must(created.id))?.['Title']).toBe('Professor');

    await org.conn.sobject('Contact').destroy(must(created.id));
    expect(org.sf.db.get('Contact', must(created.id))).toBeUndefined();
    const gone = await rejectionOf(org.conn.sobject('Contact').retrieve(must(created.id)));
    expect(gone.errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('retrieves only the requested fields', async () => {
    const row = await org.conn
      .sobject('Contact')
      .retrieve(IDS.ada, { fields: ['Email', 'Okta_User_Id__c'] });
    expect(Object.keys(row).sort()).toEqual(['Email', 'Okta_User_Id__c', 'attributes']);
  });

  it('rejects an unknown field with INVALID_FIELD', async () => {
    const err = await rejectionOf(
      org.conn.sobject('Contact').create({ LastName: 'X', Foo__c: 'bar' }),
    );
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(err.message).toBe("No such column 'Foo__c' on sobject of type Contact");
    expect(org.sf.db.count('Contact')).toBe(3);
  });

  it.each([
    [
      { FirstName: 'No last name' },
      'REQUIRED_FIELD_MISSING',
      ['LastName'],
      'Required fields are missing: [LastName]',
    ],
    [{ LastName: 'x'.repeat(81) }, 'STRING_TOO_LONG', ['LastName'], undefined],
    [
      { LastName: 'P', Okta_Status__c: 'HAPPY' },
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      ['Okta_Status__c'],
      undefined,
    ],
    [{ LastName: 'P', Email: 'not-an-email' }, 'INVALID_EMAIL_ADDRESS', ['Email'], undefined],
    [{ LastName: 'P', Name: 'Full' }, 'INVALID_FIELD_FOR_INSERT_UPDATE', ['Name'], undefined],
    [{ LastName: 'P', AccountId: 'garbage' }, 'MALFORMED_ID', ['AccountId'], undefined],
    [{ LastName: 'P', AccountId: IDS.ada }, 'FIELD_INTEGRITY_EXCEPTION', ['AccountId'], undefined],
    [
      { LastName: 'P', AccountId: '001000000000000AAA' },
      'INVALID_CROSS_REFERENCE_KEY',
      ['AccountId'],
      undefined,
    ],
    [{ LastName: 'P', Okta_User_Id__c: '00uada0000000000001' }, 'DUPLICATE_VALUE', [], undefined],
    [{ LastName: 'P', OwnerId: IDS.inactiveUser }, 'INACTIVE_OWNER_OR_USER', [], undefined],
    [{ LastName: 'P', OwnerId: IDS.queue }, 'FIELD_INTEGRITY_EXCEPTION', ['OwnerId'], undefined],
  ])('rejects %j with %s', async (record, errorCode, fields, message) => {
    const err = await rejectionOf(org.conn.sobject('Contact').create(record));
    expect(err.errorCode).toBe(errorCode);
    expect((err.data as { fields: string[] }).fields).toEqual(fields);
    if (message) expect(err.message).toBe(message);
    expect(org.sf.db.count('Contact')).toBe(3);
  });

  it('rejects values of the wrong JSON type with JSON_PARSER_ERROR', async () => {
    const err = await rejectionOf(
      org.conn.sobject('Contact').create({ LastName: 'P', HasOptedOutOfEmail: 'sometimes' }),
    );
    expect(err.errorCode).toBe('JSON_PARSER_ERROR');
    const date = await rejectionOf(
      org.conn.sobject('Contact').create({ LastName: 'P', Birthdate: '2024-13-45' }),
    );
    expect(date.errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('rejects an Id in an insert and a system field in an update', async () => {
    const err = await rejectionOf(
      org.conn.request({
        method: 'POST',
        url: '/sobjects/Contact',
        body: JSON.stringify({ LastName: 'P', Id: IDS.ada }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(err.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const upd = await rejectionOf(
      org.conn.sobject('Contact').update({ Id: IDS.ada, CreatedDate: '2020-01-01T00:00:00Z' }),
    );
    expect(upd.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('answers malformed, foreign and missing ids like Salesforce', async () => {
    expect(
      (await rejectionOf(org.conn.sobject('Contact').retrieve('003000000000001XXX'))).errorCode,
    ).toBe('MALFORMED_ID');
    expect((await rejectionOf(org.conn.sobject('Contact').retrieve(IDS.acme))).errorCode).toBe(
      'NOT_FOUND',
    );
    expect(
      (await rejectionOf(org.conn.sobject('Contact').retrieve('003000000000000AAA'))).errorCode,
    ).toBe('NOT_FOUND');
    expect(
      (
        await rejectionOf(
          org.conn.sobject('Contact').update({ Id: '003000000000000AAA', Title: 'x' }),
        )
      ).errorCode,
    ).toBe('NOT_FOUND');
  });

  it('derives Case IsClosed and ClosedDate from Status', async () => {
    await org.conn.sobject('Case').update({ Id: IDS.case1, Status: 'Closed' });
    const closed = must(org.sf.db.get('Case', IDS.case1));
    expect(closed['IsClosed']).toBe(true);
    expect(closed['ClosedDate']).toEqual(expect.any(String));
    const queued = await org.conn.sobject('Case').update({ Id: IDS.case1, OwnerId: IDS.queue });
    expect(queued.success).toBe(true);
  });

  it('numbers auto-number names of custom objects', async () => {
    const a = await org.conn
      .sobject('Okta_Sync_Log__c')
      .create({ Status__c: 'SUCCESS', Event_Id__c: 'evt-1', Contact__c: IDS.ada, Attempts__c: 1 });
    const row = must(org.sf.db.get('Okta_Sync_Log__c', must(a.id)));
    expect(row['Name']).toBe('SL-00000001');
    const err = await rejectionOf(
      org.conn.sobject('Okta_Sync_Log__c').create({ Attempts__c: 12345 }),
    );
    expect(err.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });
});

describe('upsert by external id', () => {
  it('creates with 201 created:true, updates with 200 created:false', async () => {
    const created = await org.conn
      .sobject('Contact')
      .upsert({ Okta_User_Id__c: '00uNEW0000000000009', LastName: 'New' }, 'Okta_User_Id__c');
    expect(created).toMatchObject({ success: true, created: true });
    const updated = await org.conn
      .sobject('Contact')
      .upsert({ Okta_User_Id__c: '00uNEW0000000000009', Title: 'Boss' }, 'Okta_User_Id__c');
    expect(updated).toMatchObject({
      id: (created as { id: string }).id,
      success: true,
      created: false,
    });
    expect(org.sf.db.get('Contact', (created as { id: string }).id)?.['Title']).toBe('Boss');
  });

  it('matches external ids case-insensitively unless the field is case sensitive', async () => {
    const res = await org.conn
      .sobject('Contact')
      .upsert({ Okta_User_Id__c: '00uada0000000000001', Title: 'Countess' }, 'Okta_User_Id__c');
    expect(res).toMatchObject({ id: IDS.ada, created: false });
    await org.conn
      .sobject('Okta_Sync_Log__c')
      .upsert({ Event_Id__c: 'EVT', Status__c: 'SUCCESS' }, 'Event_Id__c');
    const second = await org.conn
      .sobject('Okta_Sync_Log__c')
      .upsert({ Event_Id__c: 'evt', Status__c: 'SUCCESS' }, 'Event_Id__c');
    expect(second).toMatchObject({ created: true });
  });

  it('answers 404 when the field is not an external id and 300 on several matches', async () => {
    const err = await rejectionOf(
      org.conn.sobject('Contact').upsert({ Email: 'ada@acme.test', LastName: 'x' }, 'Email'),
    );
    expect(err.errorCode).toBe('NOT_FOUND');
    expect(err.message).toBe(
      'Provided external ID field does not exist or is not accessible: Email',
    );
  });

  it('resolves parent references given by external id', async () => {
    const res = await org.conn.sobject('Contact').upsert(
      {
        Okta_User_Id__c: '00uREF0000000000001',
        LastName: 'Ref',
        Account: { Okta_Organization_Key__c: 'globex' },
      } as never,
      'Okta_User_Id__c',
    );
    expect(org.sf.db.get('Contact', (res as unknown as { id: string }).id)?.['AccountId']).toBe(
      IDS.globex,
    );
    const missing = await rejectionOf(
      org.conn.sobject('Contact').upsert(
        {
          Okta_User_Id__c: '00uREF0000000000002',
          LastName: 'Ref',
          Account: { Okta_Organization_Key__c: 'nowhere' },
        } as never,
        'Okta_User_Id__c',
      ),
    );
    expect(missing.errorCode).toBe('INVALID_FIELD');
  });
});

describe('custom metadata and platform events', () => {
  it('refuses DML on custom metadata records', async () => {
    const err = await rejectionOf(
      org.conn.sobject('Okta_Field_Mapping__mdt').create({ MasterLabel: 'x', DeveloperName: 'x' }),
    );
    expect(err.errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
  });

  it('publishes a platform event to the sink and validates its fields', async () => {
    const res = await org.conn
      .sobject('Okta_Config_Changed__e')
      .create({ Change_Type__c: 'MAPPINGS' });
    expect(res).toMatchObject({ success: true, errors: [] });
    expect(res.id).toMatch(/^e0/);
    expect(org.sink.events).toHaveLength(1);
    expect(org.sink.events[0]).toMatchObject({
      eventName: 'Okta_Config_Changed__e',
      payload: { Change_Type__c: 'MAPPINGS', CreatedById: IDS.integrationUser },
      context: { clientId: 'okta-sync', api: 'rest' },
    });
    expect(
      (await rejectionOf(org.conn.sobject('Okta_Config_Changed__e').create({ Nope__c: 'x' })))
        .errorCode,
    ).toBe('INVALID_FIELD');
    expect(
      (
        await rejectionOf(
          org.conn.sobject('Okta_Config_Changed__e').create({ Change_Type__c: 'x'.repeat(41) }),
        )
      ).errorCode,
    ).toBe('STRING_TOO_LONG');
    expect(org.sink.events).toHaveLength(1);
  });
});

describe('change reporting', () => {
  it('reports a write with the client id, api, user and changed fields', async () => {
    await org.conn.sobject('Contact').update({ Id: IDS.ada, Title: 'Countess' });
    expect(org.sink.transactions).toHaveLength(1);
    const [tx] = org.sink.transactions;
    expect(must(tx).context).toMatchObject({
      clientId: 'okta-sync',
      apiVersion: '62.0',
      api: 'rest',
      userId: IDS.integrationUser,
    });
    expect(must(tx).context.transactionKey).toEqual(expect.any(String));
    expect(must(tx).changes).toEqual([
      {
        entityName: 'Contact',
        changeType: 'UPDATE',
        recordId: IDS.ada,
        fields: {
          Title: 'Countess',
          LastModifiedDate: expect.any(String),
          LastModifiedById: IDS.integrationUser,
        },
      },
    ]);
  });

  it('reports creates with every non-null field and deletes with none', async () => {
    const created = await org.conn.sobject('Contact').create({ LastName: 'Solo' });
    await org.conn.sobject('Contact').destroy(must(created.id));
    const [create, del] = org.sink.changes();
    expect(create).toMatchObject({
      changeType: 'CREATE',
      fields: { LastName: 'Solo', Name: 'Solo', OwnerId: IDS.integrationUser },
    });
    expect(must(create).fields).not.toHaveProperty('Email');
    expect(del).toEqual({
      entityName: 'Contact',
      changeType: 'DELETE',
      recordId: created.id,
      fields: {},
    });
  });

  it('reports nothing for a failed write and no client id without call options', async () => {
    await rejectionOf(org.conn.sobject('Contact').create({ FirstName: 'x' }));
    expect(org.sink.transactions).toHaveLength(0);
    const plain = org.connect();
    (plain as unknown as { _callOptions: unknown })._callOptions = undefined;
    await plain.sobject('Contact').update({ Id: IDS.ada, Title: 'x' });
    expect(must(org.sink.transactions[0]).context.clientId).toBeUndefined();
  });

  it('reports writes made inside the org with api emulator', () => {
    org.sf.db.update(
      'Contact',
      IDS.ada,
      { OwnerId: IDS.integrationUser },
      { userId: IDS.salesUser },
    );
    expect(must(org.sink.transactions[0]).context).toMatchObject({
      api: 'emulator',
      userId: IDS.salesUser,
      clientId: undefined,
    });
  });
});

describe('sessions and limits', () => {
  it('answers 401 INVALID_SESSION_ID for an unknown or expired token', async () => {
    const err = await rejectionOf(
      org.connect('00Dbogus!token').sobject('Contact').retrieve(IDS.ada),
    );
    expect(err.errorCode).toBe('INVALID_SESSION_ID');
    expect(err.message).toBe('Session expired or invalid');
    const conn = org.connect();
    await conn.sobject('Contact').retrieve(IDS.ada);
    org.sf.expireTokens();
    expect((await rejectionOf(conn.sobject('Contact').retrieve(IDS.ada))).errorCode).toBe(
      'INVALID_SESSION_ID',
    );
  });

  it('reports usage in Sforce-Limit-Info and refuses calls past the daily limit', async () => {
    org.sf.limits.used = 0;
    org.sf.limits.max = 3;
    try {
      const conn = org.connect();
      await conn.sobject('Contact').retrieve(IDS.ada);
      expect(conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 3 } });
      const limits = await conn.limits();
      expect(limits['DailyApiRequests']).toEqual({ Max: 3, Remaining: 1 });
      await conn.sobject('Contact').retrieve(IDS.ada);
      const err = await rejectionOf(conn.sobject('Contact').retrieve(IDS.ada));
      expect(err.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
      expect(err.message).toBe('TotalRequests Limit exceeded.');
    } finally {
      org.sf.limits.max = 100_000;
      org.sf.limits.used = 0;
    }
  });

  it('lists API versions without a session', async () => {
    const res = await fetch(`${org.sf.url}/services/data`);
    const versions = (await res.json()) as { version: string; url: string }[];
    expect(versions).toContainEqual(
      expect.objectContaining({ version: '62.0', url: '/services/data/v62.0' }),
    );
  });
});
