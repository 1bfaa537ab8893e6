import type { DescribeSObjectResult } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { loadSyncConfig } from './config-loader.js';
import type { ConfigLoaderDeps } from './config-loader.js';
import { defaultMappingRows, describes, mappingRow } from './mapping-test-fixtures.js';
import { DEFAULT_SYNC_SETTINGS } from './settings.js';
import type { ObjectDescribe } from './types.js';

// The describe jsforce returns can be handed to the loader as is.
const fromJsforce = (d: DescribeSObjectResult): ObjectDescribe => d;
void fromJsforce;

const defaultSettingsRow: Record<string, unknown> = {
  attributes: { type: 'Okta_Sync_Setting__mdt' },
  DeveloperName: 'Default',
  MasterLabel: 'Default',
  Sync_Enabled__c: true,
  Okta_Contact_Filter__c: 'profile.userType eq "Customer"',
  Account_Strategy__c: 'MATCH_OR_CREATE',
  Account_Match_Attribute__c: 'profile.organization',
  Default_Owner_Id__c: null,
  User_Match_Field__c: 'FederationIdentifier',
  Deprovision_Case_Action__c: 'REASSIGN_TO_QUEUE',
  Deprovision_Case_Queue__c: 'Okta_Deprovisioned_Cases',
  Lead_Fallback_Owner_Id__c: null,
  Deactivate_Empty_Accounts__c: true,
  Blast_Radius_Percent__c: 5,
  Blast_Radius_Min_Contacts__c: 20,
  Blast_Radius_Window_Minutes__c: 60,
  Default_Grant_Hours__c: 8,
  Max_Grant_Hours__c: 72,
  Termination_Case_Type__c: 'Termination',
  Access_Issue_Attribute__c: 'profile.accessIssueCaseNumber',
  Reconciliation_Cron__c: '0 2 * * *',
  Bulk_Threshold__c: 2000,
  Api_Reserve_Percent__c: 20,
  Alert_Recipient_Id__c: null,
};

function ruleRow(name: string, values: Record<string, unknown>): Record<string, unknown> {
  return {
    DeveloperName: name,
    MasterLabel: name,
    Rule_Type__c: 'CONDITION_TO_GROUP',
    Okta_Group_Id__c: null,
    Okta_Group_Name__c: null,
    Account_Team_Role__c: null,
    Account_Access_Level__c: null,
    Opportunity_Access_Level__c: null,
    Case_Access_Level__c: null,
    Salesforce_Object__c: null,
    Condition_Field__c: null,
    Condition_Operator__c: null,
    Condition_Value__c: null,
    Okta_Attribute__c: null,
    Attribute_Value__c: null,
    Active__c: true,
    ...values,
  };
}

function fakeOrg(data: {
  mappings?: Record<string, unknown>[];
  rules?: Record<string, unknown>[];
  settings?: Record<string, unknown>[];
  describeFailures?: Record<string, string>;
}): ConfigLoaderDeps & { queries: string[]; described: string[] } {
  const queries: string[] = [];
  const described: string[] = [];
  return {
    queries,
    described,
    query: async (soql) => {
      queries.push(soql);
      if (soql.includes('FROM Okta_Field_Mapping__mdt')) return data.mappings ?? defaultMappingRows;
      if (soql.includes('FROM Okta_Access_Rule__mdt')) return data.rules ?? [];
      if (soql.includes('FROM Okta_Sync_Setting__mdt'))
        return data.settings ?? [defaultSettingsRow];
      if (soql.includes('FROM LeadStatus')) {
        return [
          { ApiName: 'Open - Not Contacted', IsClosed: false, IsConverted: false },
          { ApiName: 'Closed - Converted', IsClosed: true, IsConverted: true },
          { ApiName: 'Closed - Not Converted', IsClosed: true, IsConverted: false },
        ];
      }
      throw new Error(`unexpected query ${soql}`);
    },
    describe: async (objectName) => {
      described.push(objectName);
      const failure = data.describeFailures?.[objectName];
      if (failure) throw new Error(failure);
      const d = describes[objectName];
      if (!d) throw new Error(`sObject type '${objectName}' is not supported.`);
      return d;
    },
  };
}

describe('loadSyncConfig', () => {
  it('queries every field of the three types, active rows only for mappings and rules', async () => {
    const org = fakeOrg({});
    await loadSyncConfig(org);
    const [mappingSoql, ruleSoql, settingSoql] = org.queries;
    expect(mappingSoql).toMatch(
      /^SELECT DeveloperName, MasterLabel, Direction__c, .* FROM Okta_Field_Mapping__mdt WHERE Active__c = true$/,
    );
    for (const f of [
      'Transform_Argument__c',
      'Default_Value__c',
      'Is_Match_Key__c',
      'Match_Priority__c',
      'Source_Of_Truth__c',
    ]) {
      expect(mappingSoql).toContain(f);
    }
    expect(ruleSoql).toMatch(/FROM Okta_Access_Rule__mdt WHERE Active__c = true$/);
    expect(ruleSoql).toContain('Condition_Operator__c');
    expect(settingSoql).toContain('Blast_Radius_Min_Contacts__c');
    expect(settingSoql).toContain('Alert_Recipient_Id__c');
  });

  it('loads the shipped default mappings without problems', async () => {
    const config = await loadSyncConfig(fakeOrg({}));
    expect(config.problems).toEqual([]);
    expect(config.mappings.map((m) => m.name)).toEqual([
      'Account_Name',
      'Contact_Department',
      'Contact_Email',
      'Contact_First_Name',
      'Contact_Last_Name',
      'Contact_Mobile_Phone',
      'Contact_Okta_Login',
      'Contact_Okta_User_Id',
      'Contact_Phone',
      'Contact_Title',
    ]);
    expect(config.mappings.find((m) => m.name === 'Contact_Mobile_Phone')).toEqual({
      name: 'Contact_Mobile_Phone',
      label: 'Contact Mobile Phone',
      direction: 'BOTH',
      objectName: 'Contact',
      field: 'MobilePhone',
      oktaAttribute: 'profile.mobilePhone',
      transform: 'PHONE_E164',
      transformArgument: '1',
      defaultValue: null,
      isMatchKey: false,
      matchPriority: null,
      sourceOfTruth: 'SALESFORCE',
    });
    expect(config.settings).toEqual(DEFAULT_SYNC_SETTINGS);
    expect(Object.keys(config.describes).sort()).toEqual(['Account', 'Contact']);
  });

  it('reports each bad mapping by DeveloperName and keeps the good ones', async () => {
    const bad = [
      mappingRow('No_Such_Field', {
        Salesforce_Field__c: 'Nickname__c',
        Okta_Attribute__c: 'profile.nickName',
      }),
      mappingRow('Read_Only_Field', {
        Salesforce_Field__c: 'CreatedDate',
        Okta_Attribute__c: 'created',
      }),
      mappingRow('Boolean_To_Text', {
        Salesforce_Field__c: 'Title',
        Okta_Attribute__c: 'profile.isVip',
        Transform__c: 'BOOLEAN',
      }),
      mappingRow('Date_To_Text', {
        Salesforce_Field__c: 'Department',
        Okta_Attribute__c: 'profile.hired',
        Transform__c: 'DATE',
      }),
      mappingRow('Bare_Attribute', {
        Salesforce_Field__c: 'Description',
        Okta_Attribute__c: 'firstName',
      }),
      mappingRow('Writes_Status', {
        Direction__c: 'SALESFORCE_TO_OKTA',
        Salesforce_Field__c: 'Okta_Status__c',
        Okta_Attribute__c: 'status',
      }),
      mappingRow('Bad_Json', {
        Salesforce_Field__c: 'LeadSource',
        Okta_Attribute__c: 'profile.source',
        Transform__c: 'VALUE_MAP',
        Transform_Argument__c: '{"web": "Web"',
      }),
      mappingRow('Bad_Template', {
        Salesforce_Field__c: 'Description',
        Transform__c: 'TEMPLATE',
        Transform_Argument__c: '{profile.firstName {profile.lastName}',
      }),
      mappingRow('Bad_Country', {
        Salesforce_Field__c: 'Phone',
        Okta_Attribute__c: 'profile.workPhone',
        Transform__c: 'PHONE_E164',
        Transform_Argument__c: 'USA',
      }),
      mappingRow('Unknown_Transform', {
        Salesforce_Field__c: 'Title',
        Okta_Attribute__c: 'profile.title',
        Transform__c: 'SHOUT',
      }),
      mappingRow('Opportunity_Object', {
        Salesforce_Object__c: 'Opportunity',
        Salesforce_Field__c: 'Name',
        Okta_Attribute__c: 'profile.organization',
      }),
      mappingRow('Bad_Default', {
        Salesforce_Field__c: 'HasOptedOutOfEmail',
        Okta_Attribute__c: 'profile.optOut',
        Transform__c: 'BOOLEAN',
        Default_Value__c: 'maybe',
      }),
      mappingRow('Inactive_Picklist_Target', {
        Salesforce_Field__c: 'Okta_Status__c',
        Okta_Attribute__c: 'status',
        Transform__c: 'VALUE_MAP',
        Transform_Argument__c: '{"ACTIVE": "ACTIVE", "STAGED": "LEGACY"}',
      }),
      mappingRow('Address_Field', {
        Salesforce_Field__c: 'MailingAddress',
        Okta_Attribute__c: 'profile.streetAddress',
      }),
      mappingRow('Template_Both_Ways', {
        Direction__c: 'BOTH',
        Salesforce_Field__c: 'Description',
        Okta_Attribute__c: 'profile.description',
        Transform__c: 'TEMPLATE',
        Transform_Argument__c: '{profile.firstName}',
      }),
      mappingRow('Zz_Duplicate_Title', {
        Salesforce_Field__c: 'title',
        Okta_Attribute__c: 'profile.jobTitle',
      }),
    ];
    const config = await loadSyncConfig(fakeOrg({ mappings: [...defaultMappingRows, ...bad] }));
    const bySource = Object.fromEntries(config.problems.map((p) => [p.source, p.message]));
    const expected: Record<string, RegExp> = {
      No_Such_Field: /^Contact has no field Nickname__c$/,
      Read_Only_Field: /Contact\.CreatedDate cannot be written/,
      Boolean_To_Text:
        /transform BOOLEAN does not produce a value for Contact\.Title \(type string\)/,
      Date_To_Text: /transform DATE does not produce a value for Contact\.Department/,
      Bare_Attribute: /Okta_Attribute__c "firstName" is not well formed/,
      Writes_Status: /"status" is read-only in Okta/,
      Bad_Json: /Transform_Argument__c: VALUE_MAP argument is not valid JSON/,
      Bad_Template:
        /Transform_Argument__c: template placeholders cannot be nested|not an Okta attribute/,
      Bad_Country: /Transform_Argument__c: "USA" is neither a region .* nor a country calling code/,
      Unknown_Transform: /^Transform__c: Invalid option/,
      Opportunity_Object: /Salesforce_Object__c "Opportunity" is not supported/,
      Bad_Default: /Default_Value__c: "maybe" is not a boolean/,
      Inactive_Picklist_Target: /"LEGACY" is not an active value of this restricted picklist/,
      Address_Field: /Contact\.MailingAddress is of type address, which cannot be mapped/,
      Template_Both_Ways: /TEMPLATE can only be used with Direction OKTA_TO_SALESFORCE/,
      Zz_Duplicate_Title: /Contact\.Title is already written by mapping Contact_Title/,
    };
    for (const [name, pattern] of Object.entries(expected)) {
      expect(bySource[`Okta_Field_Mapping__mdt.${name}`], name).toMatch(pattern);
    }
    expect(config.problems).toHaveLength(Object.keys(expected).length);
    expect(config.mappings).toHaveLength(defaultMappingRows.length);
  });

  it('canonicalises object and field names to the describe spelling', async () => {
    const config = await loadSyncConfig(
      fakeOrg({
        mappings: [
          mappingRow('Lower_Case', {
            Salesforce_Object__c: 'contact',
            Salesforce_Field__c: 'title',
            Okta_Attribute__c: 'profile.title',
          }),
        ],
      }),
    );
    expect(config.problems).toEqual([]);
    expect(config.mappings[0]).toMatchObject({ objectName: 'Contact', field: 'Title' });
  });

  it('leaves out inactive rows even when the query returns them', async () => {
    const rows = [
      ...defaultMappingRows,
      mappingRow('Off', { Salesforce_Field__c: 'Nope__c', Active__c: false }),
    ];
    const config = await loadSyncConfig(fakeOrg({ mappings: rows }));
    expect(config.mappings.map((m) => m.name)).not.toContain('Off');
    expect(config.problems).toEqual([]);
  });

  it('reports mappings of an object that cannot be described, and keeps the others', async () => {
    const config = await loadSyncConfig(
      fakeOrg({ describeFailures: { Account: 'INVALID_TYPE: no access' } }),
    );
    expect(config.problems).toEqual([
      {
        source: 'Okta_Field_Mapping__mdt.Account_Name',
        message: 'Account could not be described: INVALID_TYPE: no access',
      },
    ]);
    expect(config.mappings.filter((m) => m.objectName === 'Contact')).toHaveLength(9);
  });

  it('rejects when a query fails (the caller retries)', async () => {
    const org = fakeOrg({});
    await expect(
      loadSyncConfig({
        ...org,
        query: async () => Promise.reject(new Error('INVALID_SESSION_ID')),
      }),
    ).rejects.toThrow('INVALID_SESSION_ID');
  });
});

describe('loadSyncConfig: settings', () => {
  it('uses the shipped defaults and says so when the Default record is missing', async () => {
    const config = await loadSyncConfig(fakeOrg({ settings: [] }));
    expect(config.settings).toEqual(DEFAULT_SYNC_SETTINGS);
    expect(config.problems).toEqual([
      {
        source: 'Okta_Sync_Setting__mdt.Default',
        message: 'the Default record is missing; the shipped defaults apply',
      },
    ]);
  });

  it('reads the Default record, keeping meaningful blanks as null', async () => {
    const row = {
      ...defaultSettingsRow,
      Okta_Contact_Filter__c: '  ',
      Account_Strategy__c: 'MATCH_ONLY',
      Blast_Radius_Percent__c: 12.5,
      Default_Owner_Id__c: '005000000000001AAA',
    };
    const config = await loadSyncConfig(
      fakeOrg({ settings: [{ ...row, DeveloperName: 'Other' }, row] }),
    );
    expect(config.problems).toEqual([]);
    expect(config.settings.oktaContactFilter).toBeNull();
    expect(config.settings.accountStrategy).toBe('MATCH_ONLY');
    expect(config.settings.blastRadiusPercent).toBe(12.5);
    expect(config.settings.defaultOwnerId).toBe('005000000000001AAA');
  });

  it('replaces only the invalid settings with their defaults and reports them', async () => {
    const row = {
      ...defaultSettingsRow,
      Account_Strategy__c: 'GUESS',
      Blast_Radius_Percent__c: 250,
      Default_Owner_Id__c: 'not-an-id',
      Reconciliation_Cron__c: 'every night',
      Max_Grant_Hours__c: 4,
      Bulk_Threshold__c: 500,
    };
    const config = await loadSyncConfig(fakeOrg({ settings: [row] }));
    expect(config.settings.accountStrategy).toBe('MATCH_OR_CREATE');
    expect(config.settings.blastRadiusPercent).toBe(5);
    expect(config.settings.defaultOwnerId).toBeNull();
    expect(config.settings.reconciliationCron).toBe('0 2 * * *');
    expect(config.settings.maxGrantHours).toBe(4);
    expect(config.settings.defaultGrantHours).toBe(4);
    expect(config.settings.bulkThreshold).toBe(500);
    const messages = config.problems.map((p) => p.message).join('\n');
    expect(config.problems.every((p) => p.source === 'Okta_Sync_Setting__mdt.Default')).toBe(true);
    expect(messages).toMatch(/Account_Strategy__c: Invalid option/);
    expect(messages).toMatch(/Blast_Radius_Percent__c: Too big/);
    expect(messages).toMatch(/defaultOwnerId "not-an-id" is not a Salesforce record id/);
    expect(messages).toMatch(/Reconciliation_Cron__c "every night"/);
    expect(messages).toMatch(/Max_Grant_Hours__c 4 is below Default_Grant_Hours__c 8/);
    expect(config.problems).toHaveLength(5);
  });
});

describe('loadSyncConfig: Okta users as Leads', () => {
  const leadRows = [
    mappingRow('Lead_Last_Name', {
      Salesforce_Object__c: 'Lead',
      Salesforce_Field__c: 'LastName',
      Okta_Attribute__c: 'profile.lastName',
    }),
    mappingRow('Lead_Company', {
      Salesforce_Object__c: 'Lead',
      Salesforce_Field__c: 'Company',
      Okta_Attribute__c: 'profile.organization',
      Default_Value__c: '[not provided]',
    }),
  ];
  const leadSettings = (values: Record<string, unknown>) => [{ ...defaultSettingsRow, ...values }];

  it('reads the Lead settings and checks the closed status against LeadStatus', async () => {
    const org = fakeOrg({
      mappings: [...defaultMappingRows, ...leadRows],
      settings: leadSettings({
        Okta_Lead_Filter__c: 'profile.userType eq "prospect"',
        Lead_Closed_Status__c: 'Closed - Converted',
        Lead_Assignment_Rule__c: false,
      }),
    });
    const config = await loadSyncConfig(org);
    expect(config.settings).toMatchObject({
      oktaLeadFilter: 'profile.userType eq "prospect"',
      leadClosedStatus: 'Closed - Not Converted',
      leadAssignmentRule: false,
    });
    expect(config.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Lead_Closed_Status__c "Closed - Converted" is not a closed/),
    ]);
    expect(config.mappings.filter((m) => m.objectName === 'Lead')).toHaveLength(2);
    expect(org.described).toContain('Lead');
  });

  it('reads no Lead Status while no Okta user becomes a Lead', async () => {
    const org = fakeOrg({});
    const config = await loadSyncConfig(org);
    expect(config.settings.oktaLeadFilter).toBeNull();
    expect(config.settings.leadAssignmentRule).toBe(true);
    expect(org.queries.some((q) => q.includes('LeadStatus'))).toBe(false);
  });

  it('turns the Lead filter off when the Lead mappings leave out Company', async () => {
    const config = await loadSyncConfig(
      fakeOrg({
        mappings: [...defaultMappingRows, ...leadRows.slice(0, 1)],
        settings: leadSettings({ Okta_Lead_Filter__c: 'profile.userType eq "prospect"' }),
      }),
    );
    expect(config.settings.oktaLeadFilter).toBeNull();
    expect(config.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/no active mapping writes Lead\.Company/),
    ]);
  });
});

describe('loadSyncConfig: access rules', () => {
  const rules = [
    ruleRow('Enterprise_Team', {
      Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
      Okta_Group_Id__c: '00g1enterprise000001',
      Okta_Group_Name__c: 'Enterprise AEs',
      Account_Team_Role__c: 'Account Manager',
      Account_Access_Level__c: 'Edit',
      Opportunity_Access_Level__c: 'Read',
      Case_Access_Level__c: 'None',
      Salesforce_Object__c: 'Account',
      Condition_Field__c: 'Industry',
      Condition_Operator__c: 'EQUALS',
      Condition_Value__c: 'Banking',
    }),
    ruleRow('Emea_Opportunities', {
      Okta_Group_Id__c: '00g1emea000000000001',
      Salesforce_Object__c: 'Opportunity',
      Condition_Field__c: 'territory__c',
      Condition_Operator__c: 'EQUALS',
      Condition_Value__c: 'EMEA',
    }),
    ruleRow('Territory_Attribute', {
      Rule_Type__c: 'CONDITION_TO_ATTRIBUTE',
      Salesforce_Object__c: 'Lead',
      Condition_Field__c: 'Country',
      Condition_Operator__c: 'IN',
      Condition_Value__c: 'DE, FR',
      Okta_Attribute__c: 'profile.territory',
      Attribute_Value__c: 'EMEA',
    }),
  ];

  it('parses valid rules of each type', async () => {
    const config = await loadSyncConfig(fakeOrg({ rules }));
    expect(config.problems).toEqual([]);
    expect(config.accessRules).toEqual([
      {
        type: 'CONDITION_TO_GROUP',
        name: 'Emea_Opportunities',
        label: 'Emea_Opportunities',
        groupId: '00g1emea000000000001',
        groupName: null,
        condition: {
          objectName: 'Opportunity',
          field: 'Territory__c',
          operator: 'EQUALS',
          value: 'EMEA',
        },
      },
      {
        type: 'GROUP_TO_ACCOUNT_TEAM',
        name: 'Enterprise_Team',
        label: 'Enterprise_Team',
        groupId: '00g1enterprise000001',
        groupName: 'Enterprise AEs',
        accountTeamRole: 'Account Manager',
        accountAccessLevel: 'Edit',
        opportunityAccessLevel: 'Read',
        caseAccessLevel: 'None',
        accounts: {
          objectName: 'Account',
          field: 'Industry',
          operator: 'EQUALS',
          value: 'Banking',
        },
      },
      {
        type: 'CONDITION_TO_ATTRIBUTE',
        name: 'Territory_Attribute',
        label: 'Territory_Attribute',
        oktaAttribute: 'profile.territory',
        attributeValue: 'EMEA',
        condition: { objectName: 'Lead', field: 'Country', operator: 'IN', value: 'DE, FR' },
      },
    ]);
  });

  it('reports bad rules and keeps the good ones', async () => {
    const bad = [
      ruleRow('No_Group', {
        Salesforce_Object__c: 'Lead',
        Condition_Field__c: 'Country',
        Condition_Operator__c: 'NOT_NULL',
      }),
      ruleRow('Bad_Object', {
        Okta_Group_Id__c: '00g1emea000000000001',
        Salesforce_Object__c: 'Case',
        Condition_Field__c: 'Status',
        Condition_Operator__c: 'EQUALS',
        Condition_Value__c: 'New',
      }),
      ruleRow('Unknown_Field', {
        Okta_Group_Id__c: '00g1emea000000000001',
        Salesforce_Object__c: 'Lead',
        Condition_Field__c: 'Region__c',
        Condition_Operator__c: 'EQUALS',
        Condition_Value__c: 'x',
      }),
      ruleRow('Not_Profile', {
        Rule_Type__c: 'CONDITION_TO_ATTRIBUTE',
        Salesforce_Object__c: 'Lead',
        Condition_Field__c: 'Country',
        Condition_Operator__c: 'NOT_NULL',
        Okta_Attribute__c: 'status',
        Attribute_Value__c: 'x',
      }),
      ruleRow('Missing_Value', {
        Okta_Group_Id__c: '00g1emea000000000001',
        Salesforce_Object__c: 'Lead',
        Condition_Field__c: 'Country',
        Condition_Operator__c: 'EQUALS',
      }),
      ruleRow('Team_Without_Role', {
        Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
        Okta_Group_Id__c: 'sales',
      }),
      ruleRow('Zz_Second_Team_Rule', {
        Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
        Okta_Group_Id__c: '00g1enterprise000001',
        Account_Team_Role__c: 'Sales Rep',
        Account_Access_Level__c: 'Read',
        Salesforce_Object__c: 'Account',
        Condition_Field__c: 'Name',
        Condition_Operator__c: 'NOT_NULL',
      }),
    ];
    const config = await loadSyncConfig(fakeOrg({ rules: [...rules, ...bad] }));
    const bySource = Object.fromEntries(
      config.problems.map((p) => [p.source.replace('Okta_Access_Rule__mdt.', ''), p.message]),
    );
    expect(bySource).toEqual({
      No_Group: 'Okta_Group_Id__c is required for CONDITION_TO_GROUP',
      Bad_Object: 'Salesforce_Object__c "Case" must be one of Lead, Contact, Opportunity, Account',
      Unknown_Field: 'Lead has no field Region__c',
      Not_Profile:
        'Okta_Attribute__c "status" must be a profile attribute such as profile.territory',
      Missing_Value: 'Condition_Value__c is required for EQUALS',
      Team_Without_Role:
        'Okta_Group_Id__c "sales" is not an Okta group id (00g…); Account_Team_Role__c is required for GROUP_TO_ACCOUNT_TEAM; Account_Access_Level__c is required for GROUP_TO_ACCOUNT_TEAM',
      Zz_Second_Team_Rule:
        'group 00g1enterprise000001 already maps to an Account Team role through rule Enterprise_Team',
    });
    expect(config.accessRules.map((r) => r.name)).toEqual([
      'Emea_Opportunities',
      'Enterprise_Team',
      'Territory_Attribute',
    ]);
  });
});

describe('loadSyncConfig: Account Team rules', () => {
  const teamRule = (name: string, values: Record<string, unknown>) =>
    ruleRow(name, {
      Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
      Okta_Group_Id__c: '00g1everyaccount00001',
      Account_Team_Role__c: 'Sales Rep',
      Account_Access_Level__c: 'Read',
      ...values,
    });

  it('covers every Account when the rule has no condition, as the setup page offers', async () => {
    const config = await loadSyncConfig(
      fakeOrg({ rules: [teamRule('Every_Account', { Salesforce_Object__c: 'Account' })] }),
    );
    expect(config.problems).toEqual([]);
    expect(config.accessRules).toEqual([
      expect.objectContaining({
        name: 'Every_Account',
        accounts: { objectName: 'Account', field: 'Id', operator: 'NOT_NULL', value: null },
      }),
    ]);
  });

  it('checks a condition that was given against Account, and refuses another object', async () => {
    const config = await loadSyncConfig(
      fakeOrg({
        rules: [
          teamRule('Unknown_Field', {
            Condition_Field__c: 'Region__c',
            Condition_Operator__c: 'NOT_NULL',
          }),
          teamRule('On_Lead', { Salesforce_Object__c: 'Lead' }),
        ],
      }),
    );
    expect(config.problems.map((p) => p.message).sort()).toEqual([
      'Account has no field Region__c',
      'GROUP_TO_ACCOUNT_TEAM chooses Accounts: Salesforce_Object__c must be Account or empty',
    ]);
    expect(config.accessRules).toEqual([]);
  });
});

describe('loadSyncConfig: Okta sign-in and recovery attributes', () => {
  const identityMappings = [
    mappingRow('Email_Back_To_Okta', {
      Direction__c: 'BOTH',
      Salesforce_Field__c: 'Email',
      Okta_Attribute__c: 'profile.email',
      Source_Of_Truth__c: 'SALESFORCE',
    }),
    mappingRow('Login_From_Salesforce', {
      Direction__c: 'SALESFORCE_TO_OKTA',
      Salesforce_Field__c: 'Okta_Login__c',
      Okta_Attribute__c: 'profile.login',
    }),
    mappingRow('Recovery_Email', {
      Direction__c: 'SALESFORCE_TO_OKTA',
      Salesforce_Field__c: 'Description',
      Okta_Attribute__c: 'profile.secondEmail',
    }),
  ];
  const identityRule = ruleRow('Login_Attribute', {
    Rule_Type__c: 'CONDITION_TO_ATTRIBUTE',
    Salesforce_Object__c: 'Lead',
    Condition_Field__c: 'Country',
    Condition_Operator__c: 'NOT_NULL',
    Okta_Attribute__c: 'profile.secondEmail',
    Attribute_Value__c: 'attacker@example.com',
  });

  it('never writes login, email or secondEmail from Salesforce, and says why', async () => {
    const config = await loadSyncConfig(
      fakeOrg({ mappings: [...defaultMappingRows, ...identityMappings], rules: [identityRule] }),
    );
    const bySource = Object.fromEntries(
      config.problems.map((p) => [p.source.replace(/^Okta_\w+__mdt\./, ''), p.message]),
    );
    expect(bySource['Email_Back_To_Okta']).toMatch(
      /Direction__c BOTH writes profile\.email is the address Okta sends password-reset .* never written from Salesforce unless OKTA_ALLOW_IDENTITY_WRITES names it; use OKTA_TO_SALESFORCE/,
    );
    expect(bySource['Login_From_Salesforce']).toMatch(/profile\.login is the username/);
    expect(bySource['Recovery_Email']).toMatch(/profile\.secondEmail is the secondary address/);
    expect(bySource['Login_Attribute']).toMatch(/Okta_Attribute__c profile\.secondEmail is/);
    const names = config.mappings.map((m) => m.name);
    expect(names).not.toContain('Email_Back_To_Okta');
    expect(config.accessRules).toEqual([]);
  });

  it('never lets the Case access-issue annotation overwrite one of them', async () => {
    const config = await loadSyncConfig(
      fakeOrg({
        settings: [{ ...defaultSettingsRow, Access_Issue_Attribute__c: 'profile.email' }],
      }),
    );
    expect(config.settings.accessIssueAttribute).toBe('profile.accessIssueCaseNumber');
    expect(config.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^Access_Issue_Attribute__c: profile\.email is the address .* the default applies$/,
      ),
    ]);
  });

  it('writes an identity attribute the operator names in OKTA_ALLOW_IDENTITY_WRITES', async () => {
    const config = await loadSyncConfig({
      ...fakeOrg({ mappings: [...defaultMappingRows, ...identityMappings], rules: [identityRule] }),
      identityWrites: new Set(['secondEmail']),
    });
    const sources = config.problems.map((p) => p.source);
    expect(sources).toContain('Okta_Field_Mapping__mdt.Email_Back_To_Okta');
    expect(sources).not.toContain('Okta_Field_Mapping__mdt.Recovery_Email');
    expect(config.accessRules.map((r) => r.name)).toEqual(['Login_Attribute']);
  });
});
