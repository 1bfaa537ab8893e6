import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generatedModule } from '../build/salesforce-modules.mjs';
import { normalizeSettings, validateMappings, validateSettings } from '../server/config-deploy.mjs';
import { to18 } from '../server/salesforce-ids.mjs';
import { objectInfoOf, parseFieldNames, UiApiError } from '../server/ui-api.mjs';

describe('@salesforce modules at build time', () => {
  it('compiles schema imports to the references the platform gives', () => {
    assert.match(
      String(generatedModule('@salesforce/schema/Contact.Okta_Status__c')),
      /\{"objectApiName":"Contact","fieldApiName":"Okta_Status__c"\}/,
    );
    assert.match(
      String(generatedModule('@salesforce/schema/Contact.Account.Name')),
      /"fieldApiName":"Account.Name"/,
    );
    assert.match(
      String(generatedModule('@salesforce/schema/Account')),
      /\{"objectApiName":"Account"\}/,
    );
  });

  it('binds an Apex import to its class and method', () => {
    assert.match(
      String(generatedModule('@salesforce/apex/OktaCaseAccessController.getStatus')),
      /apexMethod\("OktaCaseAccessController", "getStatus"\)/,
    );
    assert.equal(generatedModule('@salesforce/apex/not valid'), undefined);
    assert.equal(generatedModule('lightning/button'), undefined);
  });
});

describe('UI API shapes', () => {
  const describeContact = {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    createable: true,
    fields: [
      {
        name: 'Name',
        label: 'Full Name',
        type: 'string',
        createable: false,
        updateable: false,
        calculated: true,
        nillable: true,
        nameField: true,
      },
      {
        name: 'Email',
        label: 'Email',
        type: 'email',
        createable: true,
        updateable: true,
        nillable: true,
      },
      {
        name: 'LastName',
        label: 'Last Name',
        type: 'string',
        createable: true,
        updateable: true,
        nillable: false,
        length: 80,
      },
      {
        name: 'AccountId',
        label: 'Account ID',
        type: 'reference',
        createable: true,
        updateable: true,
        nillable: true,
        referenceTo: ['Account'],
        relationshipName: 'Account',
      },
      {
        name: 'Okta_Last_Synced_At__c',
        label: 'Last Synced',
        type: 'datetime',
        createable: true,
        updateable: true,
        nillable: true,
        custom: true,
      },
    ],
  };

  it('maps a describe to objectInfo: data types, access and requiredness', () => {
    const info = /** @type {any} */ (objectInfoOf(describeContact));
    assert.equal(info.apiName, 'Contact');
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(info.fields).map(([name, f]) => [name, /** @type {any} */ (f).dataType]),
      ),
      {
        Name: 'String',
        Email: 'Email',
        LastName: 'String',
        AccountId: 'Reference',
        Okta_Last_Synced_At__c: 'DateTime',
      },
    );
    assert.equal(info.fields.Name.updateable, false);
    assert.equal(info.fields.Email.updateable, true);
    assert.equal(info.fields.LastName.required, true);
    assert.deepEqual(info.fields.AccountId.referenceToInfos, [
      { apiName: 'Account', nameFields: ['Name'] },
    ]);
    assert.deepEqual(info.nameFields, ['Name']);
  });

  it('reads getRecord fields of one object', () => {
    assert.deepEqual(parseFieldNames(['Contact.Email', 'Contact.Account.Name']), {
      objectApiName: 'Contact',
      paths: ['Email', 'Account.Name'],
    });
    assert.throws(() => parseFieldNames(['Contact.Email', 'Case.Subject']), UiApiError);
  });

  it('gives Ids their 18 character form', () => {
    assert.equal(to18('0035g0000000001'), '0035g0000000001AAA');
    assert.equal(to18('5005g000000000H'), '5005g000000000HAAQ');
  });
});

describe('configuration checks of OktaConfigDeployService', () => {
  const describer = {
    async describe(/** @type {string} */ name) {
      if (name === 'Okta_Field_Mapping__mdt') {
        const picklist = (/** @type {string} */ field, /** @type {string[]} */ values) => ({
          name: field,
          type: 'picklist',
          picklistValues: values.map((value) => ({ value, active: true })),
        });
        return {
          fields: [
            picklist('Direction__c', ['OKTA_TO_SALESFORCE', 'SALESFORCE_TO_OKTA', 'BOTH']),
            picklist('Transform__c', ['NONE', 'TRIM', 'UPPER', 'VALUE_MAP']),
            picklist('Source_Of_Truth__c', ['OKTA', 'SALESFORCE']),
          ],
        };
      }
      if (name === 'Contact') {
        return {
          fields: [
            { name: 'Title', label: 'Title', type: 'string', createable: true, updateable: true },
            {
              name: 'Name',
              label: 'Full Name',
              type: 'string',
              calculated: true,
              createable: false,
              updateable: false,
            },
          ],
        };
      }
      throw new Error(`no ${name}`);
    },
  };
  const row = {
    developerName: 'Contact_Title',
    direction: 'OKTA_TO_SALESFORCE',
    salesforceObject: 'Contact',
    salesforceField: 'Title',
    oktaAttribute: 'profile.title',
    transform: 'TRIM',
  };

  it('accepts a valid mapping', async () => {
    assert.deepEqual(await validateMappings([row], describer), []);
  });

  it('reports what Apex reports, row by row', async () => {
    const problems = await validateMappings(
      [
        row,
        { ...row, developerName: 'Contact_Titel', salesforceField: 'Titel' },
        { ...row, developerName: 'Contact_Name', salesforceField: 'Name', transform: 'VALUE_MAP' },
        { ...row, developerName: 'contact_title', direction: 'BOTH' },
      ],
      describer,
    );
    assert.deepEqual(problems, [
      'Row 2 (Contact.Titel): Contact has no field called Titel.',
      'Row 3 (Contact.Name): The value table must be a JSON object, for example {"A": "Active"}.',
      'Row 3 (Contact.Name): Contact Full Name (Name) cannot be written: it is read-only or you have no access to it.',
      'Row 4 (Contact.Title): The API name contact_title is used twice.',
      'Row 4 (Contact.Title): A mapping that syncs both ways needs a source of truth: choose whether Okta or Salesforce wins.',
      'Row 4 (Contact.Title): Another active mapping already writes this field from Okta.',
    ]);
  });

  it('normalizes and checks settings', () => {
    const mdt = {
      fields: [
        { name: 'Max_Grant_Hours__c', label: 'Maximum Grant Hours', type: 'double' },
        { name: 'Default_Grant_Hours__c', label: 'Default Grant Hours', type: 'double' },
        {
          name: 'Reconciliation_Cron__c',
          label: 'Reconciliation Schedule',
          type: 'string',
          length: 40,
        },
      ],
    };
    const values = normalizeSettings(
      { max_grant_hours__c: '8', Default_Grant_Hours__c: 12, Reconciliation_Cron__c: '0 2 * *' },
      mdt,
    );
    assert.deepEqual(values, {
      Max_Grant_Hours__c: 8,
      Default_Grant_Hours__c: 12,
      Reconciliation_Cron__c: '0 2 * *',
    });
    assert.deepEqual(validateSettings(values, mdt), [
      'The default grant duration cannot exceed the maximum grant duration.',
      'The reconciliation schedule must be a cron expression of five fields, for example 0 2 * * *.',
    ]);
  });
});
