import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuraHandledError } from '../server/apex-error.mjs';
import { invokeApex } from '../server/apex-bindings.mjs';
import { companionErrorOf } from '../server/companion-api.mjs';
import { SalesforceRestError } from '../server/salesforce-rest.mjs';

/** A context whose org answers the given SOQL results in turn and whose companion records calls. */
function fakeContext(
  /** @type {any[][]} */ queryResults,
  /** @type {unknown} */ companionAnswer = {},
) {
  /** @type {{ method: string, path: string, body?: unknown }[]} */
  const calls = [];
  /** @type {string[]} */
  const queries = [];
  const ctx = {
    salesforce: {
      async query(/** @type {string} */ soql) {
        queries.push(soql);
        return queryResults.shift() ?? [];
      },
    },
    companion: {
      async json(
        /** @type {string} */ method,
        /** @type {string} */ path,
        /** @type {unknown} */ body,
      ) {
        calls.push({ method, path, ...(body === undefined ? {} : { body }) });
        if (companionAnswer instanceof Error) throw companionAnswer;
        return structuredClone(companionAnswer);
      },
      async csv(/** @type {string} */ path) {
        calls.push({ method: 'GET', path });
        return 'id\n';
      },
    },
    config: {},
  };
  return { ctx: /** @type {any} */ (ctx), calls, queries };
}

const CASE = {
  Id: '500000000000001AAA',
  CaseNumber: '00001001',
  ContactId: '003000000000001AAA',
  Contact: { Name: 'Ada Lovelace', Okta_User_Id__c: '00u1' },
};

describe('Apex bindings', () => {
  it('getStatus reads the Case contact, calls users/:id/status and adds the contact', async () => {
    const { ctx, calls, queries } = fakeContext([[CASE]], { user: { status: 'ACTIVE' } });
    const status = await invokeApex(
      'OktaCaseAccessController.getStatus',
      { caseId: '500000000000001' },
      ctx,
    );
    assert.match(queries[0] ?? '', /FROM Case WHERE Id = '500000000000001AAA'/);
    assert.deepEqual(calls, [{ method: 'GET', path: 'users/00u1/status' }]);
    assert.deepEqual(status, {
      user: { status: 'ACTIVE' },
      contact: { id: '003000000000001AAA', name: 'Ada Lovelace' },
    });
  });

  it('getStatus says so when the Case contact is not linked to Okta', async () => {
    const { ctx, calls } = fakeContext([
      [{ ...CASE, Contact: { Name: 'Ada', Okta_User_Id__c: null } }],
    ]);
    await assert.rejects(
      invokeApex('OktaCaseAccessController.getStatus', { caseId: CASE.Id }, ctx),
      new AuraHandledError(
        'The case contact is not linked to an Okta user (Okta User Id is empty).',
      ),
    );
    assert.deepEqual(calls, []);
  });

  it('refuses an id that is not an Id, as Apex does', async () => {
    const { ctx } = fakeContext([]);
    await assert.rejects(
      invokeApex('OktaCaseAccessController.listGrants', { caseId: 'nope' }, ctx),
      /Invalid id: nope/,
    );
  });

  it('performAction refuses actions agents may not take and names the Case in the reason', async () => {
    const refused = fakeContext([[CASE]]);
    await assert.rejects(
      invokeApex(
        'OktaCaseAccessController.performAction',
        { caseId: CASE.Id, action: 'suspend' },
        refused.ctx,
      ),
      /Unknown action "suspend". Choose one of: unlock, reset-factors, resend-activation./,
    );
    const { ctx, calls } = fakeContext([[CASE]], { action: 'unlock', status: 'ACTIVE' });
    await invokeApex(
      'OktaCaseAccessController.performAction',
      { caseId: CASE.Id, action: 'unlock' },
      ctx,
    );
    assert.deepEqual(calls, [
      {
        method: 'POST',
        path: 'users/00u1/actions/unlock',
        body: { caseId: CASE.Id, reason: 'Requested from Case 00001001' },
      },
    ]);
  });

  it('grantAccess checks the request against the maximum duration before calling the companion', async () => {
    const { ctx, calls } = fakeContext([[{ Default_Grant_Hours__c: 4, Max_Grant_Hours__c: 24 }]]);
    await assert.rejects(
      invokeApex(
        'OktaCaseAccessController.grantAccess',
        { caseId: CASE.Id, groupId: '', hours: 48, reason: ' ' },
        ctx,
      ),
      new AuraHandledError(
        'Choose the Okta group to grant. The duration must be between 1 and 24 hours. Give the reason for the access.',
      ),
    );
    assert.deepEqual(calls, []);
  });

  it('grantAccess posts the grant with the Case contact', async () => {
    const { ctx, calls } = fakeContext([[], [CASE]], { id: 'g1', status: 'ACTIVE' });
    await invokeApex(
      'OktaCaseAccessController.grantAccess',
      { caseId: CASE.Id, groupId: '00g1', hours: 8, reason: '  Escalation  ' },
      ctx,
    );
    assert.deepEqual(calls, [
      {
        method: 'POST',
        path: 'grants',
        body: {
          caseId: CASE.Id,
          contactId: CASE.ContactId,
          groupId: '00g1',
          durationHours: 8,
          reason: 'Escalation',
        },
      },
    ]);
  });

  it('turns a companion refusal into the message the component shows', async () => {
    const { ctx } = fakeContext(
      [[CASE]],
      companionErrorOf(
        409,
        JSON.stringify({
          error: { code: 'INVALID_STATE', message: 'The user is not locked out.' },
        }),
      ),
    );
    await assert.rejects(
      invokeApex(
        'OktaCaseAccessController.performAction',
        { caseId: CASE.Id, action: 'unlock' },
        ctx,
      ),
      new AuraHandledError('The user is not locked out.'),
    );
  });

  it('previewMapping sends proposed rows as custom metadata fields', async () => {
    const { ctx, calls } = fakeContext([]);
    await invokeApex(
      'OktaSyncSetupController.previewMapping',
      {
        oktaUser: ' ada@example.test ',
        contactId: null,
        rows: [
          {
            developerName: 'Contact_Title',
            direction: 'OKTA_TO_SALESFORCE',
            salesforceObject: 'Contact',
            salesforceField: 'Title',
            oktaAttribute: 'profile.title',
            transform: '',
            isMatchKey: false,
          },
        ],
      },
      ctx,
    );
    assert.deepEqual(calls[0]?.body, {
      oktaUser: 'ada@example.test',
      mappings: [
        {
          DeveloperName: 'Contact_Title',
          Direction__c: 'OKTA_TO_SALESFORCE',
          Salesforce_Object__c: 'Contact',
          Salesforce_Field__c: 'Title',
          Okta_Attribute__c: 'profile.title',
          Transform__c: 'NONE',
          Transform_Argument__c: null,
          Default_Value__c: null,
          Is_Match_Key__c: false,
          Match_Priority__c: null,
          Source_Of_Truth__c: null,
          Active__c: true,
        },
      ],
    });
  });

  it('getSyncTimeline maps the sync log as TimelineEntry, newest first', async () => {
    const { ctx, queries } = fakeContext([
      [
        {
          Id: 'a01',
          Name: 'L-1',
          Operation__c: 'UPDATE',
          Status__c: 'SUCCESS',
          Attempts__c: 2,
          Occurred_At__c: null,
          CreatedDate: '2026-01-02T00:00:00.000Z',
        },
      ],
    ]);
    const entries = await invokeApex(
      'OktaContactStatusController.getSyncTimeline',
      { contactId: '003000000000001AAA' },
      ctx,
    );
    assert.match(
      queries[0] ?? '',
      /ORDER BY Occurred_At__c DESC NULLS LAST, CreatedDate DESC LIMIT 20/,
    );
    assert.deepEqual(entries, [
      {
        id: 'a01',
        name: 'L-1',
        operation: 'UPDATE',
        status: 'SUCCESS',
        attempts: 2,
        occurredAt: '2026-01-02T00:00:00.000Z',
      },
    ]);
  });

  it('exportAudit checks the period and asks for CSV', async () => {
    const { ctx, calls } = fakeContext([]);
    await assert.rejects(
      invokeApex(
        'OktaSyncSetupController.exportAudit',
        { fromTime: '2026-01-02T00:00:00Z', toTime: '2026-01-01T00:00:00Z' },
        ctx,
      ),
      /The start of the period must be before its end./,
    );
    await invokeApex(
      'OktaSyncSetupController.exportAudit',
      { fromTime: '2026-01-01T00:00:00Z', toTime: '2026-01-02T00:00:00Z' },
      ctx,
    );
    assert.deepEqual(calls, [
      {
        method: 'GET',
        path: 'audit?from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-02T00%3A00%3A00.000Z&format=csv',
      },
    ]);
  });

  it('getPicklistValues reads the active values of a picklist from describe, and refuses the rest', async () => {
    const { ctx } = fakeContext([]);
    const described = [];
    ctx.salesforce.describe = async (/** @type {string} */ name) => {
      described.push(name);
      return {
        name,
        fields: [
          { name: 'Name', type: 'string', picklistValues: [] },
          {
            name: 'TeamMemberRole',
            type: 'picklist',
            picklistValues: [
              { active: true, label: 'Account Manager', value: 'Account Manager' },
              { active: false, label: 'Retired role', value: 'Retired role' },
              { active: true, label: 'Sales Rep', value: 'Sales Rep' },
            ],
          },
        ],
      };
    };
    const values = await invokeApex(
      'OktaSyncSetupController.getPicklistValues',
      { objectApiName: 'AccountTeamMember', fieldApiName: 'teammemberrole' },
      ctx,
    );
    assert.deepEqual(values, [
      { label: 'Account Manager', value: 'Account Manager' },
      { label: 'Sales Rep', value: 'Sales Rep' },
    ]);
    await assert.rejects(
      invokeApex(
        'OktaSyncSetupController.getPicklistValues',
        { objectApiName: 'User', fieldApiName: 'TimeZoneSidKey' },
        ctx,
      ),
      new AuraHandledError(
        'Picklist values are offered for Account, Opportunity, Lead, Contact and AccountTeamMember only.',
      ),
    );
    await assert.rejects(
      invokeApex(
        'OktaSyncSetupController.getPicklistValues',
        { objectApiName: 'Account', fieldApiName: 'Name' },
        ctx,
      ),
      new AuraHandledError('Account.Name is not a picklist.'),
    );
    await assert.rejects(
      invokeApex(
        'OktaSyncSetupController.getPicklistValues',
        { objectApiName: 'Account', fieldApiName: 'Nope__c' },
        ctx,
      ),
      new AuraHandledError('Account has no field called Nope__c.'),
    );
    assert.deepEqual(described, ['AccountTeamMember', 'Account', 'Account']);

    // An org without Account Teams has no AccountTeamMember to describe.
    ctx.salesforce.describe = async () => {
      throw new SalesforceRestError(404, [{ errorCode: 'NOT_FOUND', message: 'not found' }]);
    };
    await assert.rejects(
      invokeApex(
        'OktaSyncSetupController.getPicklistValues',
        { objectApiName: 'AccountTeamMember', fieldApiName: 'TeamMemberRole' },
        ctx,
      ),
      new AuraHandledError(
        'AccountTeamMember is not available in this org (are Account Teams enabled?).',
      ),
    );
  });
});

describe('companion errors', () => {
  it('reads as OktaCompanionClient.errorOf writes them', () => {
    assert.equal(
      companionErrorOf(401, '').message,
      "The companion rejected Salesforce's credentials: check the Okta_Companion external credential.",
    );
    assert.equal(
      companionErrorOf(
        503,
        JSON.stringify({
          error: { code: 'UNAVAILABLE', message: 'Okta is unavailable.', requestId: 'r1' },
        }),
      ).message,
      'The Okta Sync companion could not complete the request (HTTP 503): Okta is unavailable [request id r1].',
    );
    assert.equal(
      companionErrorOf(418, '<html>').message,
      'The Okta Sync companion refused the request (HTTP 418) without a readable reason.',
    );
  });
});
