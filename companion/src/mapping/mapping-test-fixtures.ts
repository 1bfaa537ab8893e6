// Shared test data for the mapping engine's tests: describes shaped like Salesforce's, the
// shipped default mapping records as the query API returns them, and a sample Okta user.
import type { FieldDescribe, FieldMapping, ObjectDescribe, OktaUserSnapshot } from './types.js';

export function field(
  name: string,
  type: string,
  extra: Partial<FieldDescribe> = {},
): FieldDescribe {
  return {
    name,
    type,
    length: 0,
    nillable: true,
    createable: true,
    updateable: true,
    externalId: false,
    unique: false,
    picklistValues: [],
    restrictedPicklist: false,
    ...extra,
  };
}

const text = (name: string, length: number, extra: Partial<FieldDescribe> = {}) =>
  field(name, 'string', { length, ...extra });

export const contactDescribe: ObjectDescribe = {
  name: 'Contact',
  fields: [
    field('Id', 'id', { length: 18, nillable: false, createable: false, updateable: false }),
    text('Okta_User_Id__c', 40, { externalId: true, unique: true }),
    text('Okta_Login__c', 100),
    field('Email', 'email', { length: 80 }),
    text('FirstName', 40),
    text('LastName', 80, { nillable: false }),
    field('MobilePhone', 'phone', { length: 40 }),
    field('Phone', 'phone', { length: 40 }),
    text('Title', 128),
    text('Department', 80),
    field('Okta_Status__c', 'picklist', {
      length: 255,
      restrictedPicklist: true,
      picklistValues: [
        { value: 'ACTIVE', active: true },
        { value: 'SUSPENDED', active: true },
        { value: 'DEPROVISIONED', active: true },
        { value: 'LEGACY', active: false },
      ],
    }),
    field('LeadSource', 'picklist', {
      length: 255,
      picklistValues: [{ value: 'Web', active: true }],
    }),
    field('Birthdate', 'date'),
    field('Okta_Last_Synced_At__c', 'datetime'),
    field('HasOptedOutOfEmail', 'boolean', { nillable: false }),
    field('Okta_Score__c', 'double', { precision: 5, scale: 2 }),
    field('AccountId', 'reference', { length: 18 }),
    field('MailingAddress', 'address', { createable: false, updateable: false }),
    field('CreatedDate', 'datetime', { nillable: false, createable: false, updateable: false }),
    field('Description', 'textarea', { length: 32000 }),
  ],
};

export const accountDescribe: ObjectDescribe = {
  name: 'Account',
  fields: [
    field('Id', 'id', { length: 18, nillable: false, createable: false, updateable: false }),
    text('Name', 255, { nillable: false }),
    text('Okta_Organization_Key__c', 255, { externalId: true, unique: true }),
    field('NumberOfEmployees', 'int', { digits: 8 }),
    field('AnnualRevenue', 'currency', { precision: 18, scale: 0 }),
    field('Industry', 'picklist', {
      length: 255,
      picklistValues: [{ value: 'Banking', active: true }],
    }),
  ],
};

export const opportunityDescribe: ObjectDescribe = {
  name: 'Opportunity',
  fields: [
    field('Id', 'id', { length: 18, nillable: false, createable: false, updateable: false }),
    field('OwnerId', 'reference', { length: 18 }),
    field('StageName', 'picklist', { length: 255 }),
    text('Territory__c', 80),
  ],
};

export const leadDescribe: ObjectDescribe = {
  name: 'Lead',
  fields: [
    field('Id', 'id', { length: 18, nillable: false, createable: false, updateable: false }),
    field('OwnerId', 'reference', { length: 18 }),
    text('Country', 80),
    text('FirstName', 40),
    field('LastName', 'string', { length: 80, nillable: false }),
    field('Company', 'string', { length: 255, nillable: false }),
    field('Email', 'email', { length: 80 }),
    text('Title', 128),
    field('Status', 'picklist', {
      length: 255,
      nillable: false,
      picklistValues: [
        { value: 'Open - Not Contacted', active: true },
        { value: 'Working - Contacted', active: true },
        { value: 'Closed - Converted', active: true },
        { value: 'Closed - Not Converted', active: true },
      ],
      restrictedPicklist: true,
    }),
    field('Okta_User_Id__c', 'string', { length: 40, externalId: true, unique: true }),
  ],
};

export const describes: Record<string, ObjectDescribe> = {
  Contact: contactDescribe,
  Account: accountDescribe,
  Opportunity: opportunityDescribe,
  Lead: leadDescribe,
};

/** A row of Okta_Field_Mapping__mdt as the REST query API returns it. */
export function mappingRow(name: string, values: Record<string, unknown>): Record<string, unknown> {
  return {
    attributes: {
      type: 'Okta_Field_Mapping__mdt',
      url: `/services/data/v62.0/sobjects/Okta_Field_Mapping__mdt/m${name}`,
    },
    DeveloperName: name,
    MasterLabel: name.replace(/_/g, ' '),
    Direction__c: 'OKTA_TO_SALESFORCE',
    Salesforce_Object__c: 'Contact',
    Salesforce_Field__c: null,
    Okta_Attribute__c: null,
    Transform__c: 'NONE',
    Transform_Argument__c: null,
    Default_Value__c: null,
    Is_Match_Key__c: false,
    Match_Priority__c: null,
    Source_Of_Truth__c: null,
    Active__c: true,
    ...values,
  };
}

/** The shipped default records of Okta_Field_Mapping__mdt. */
export const defaultMappingRows: Record<string, unknown>[] = [
  mappingRow('Contact_Okta_User_Id', {
    Salesforce_Field__c: 'Okta_User_Id__c',
    Okta_Attribute__c: 'id',
    Is_Match_Key__c: true,
    Match_Priority__c: 1,
  }),
  mappingRow('Contact_Okta_Login', {
    Salesforce_Field__c: 'Okta_Login__c',
    Okta_Attribute__c: 'profile.login',
    Transform__c: 'LOWER',
  }),
  mappingRow('Contact_Email', {
    Salesforce_Field__c: 'Email',
    Okta_Attribute__c: 'profile.email',
    Transform__c: 'LOWER',
    Is_Match_Key__c: true,
    Match_Priority__c: 2,
  }),
  mappingRow('Contact_First_Name', {
    Salesforce_Field__c: 'FirstName',
    Okta_Attribute__c: 'profile.firstName',
    Transform__c: 'TRIM',
  }),
  mappingRow('Contact_Last_Name', {
    Salesforce_Field__c: 'LastName',
    Okta_Attribute__c: 'profile.lastName',
    Transform__c: 'TRIM',
  }),
  mappingRow('Contact_Mobile_Phone', {
    Direction__c: 'BOTH',
    Salesforce_Field__c: 'MobilePhone',
    Okta_Attribute__c: 'profile.mobilePhone',
    Transform__c: 'PHONE_E164',
    Transform_Argument__c: '1',
    Source_Of_Truth__c: 'SALESFORCE',
  }),
  mappingRow('Contact_Phone', {
    Direction__c: 'BOTH',
    Salesforce_Field__c: 'Phone',
    Okta_Attribute__c: 'profile.primaryPhone',
    Transform__c: 'PHONE_E164',
    Transform_Argument__c: '1',
    Source_Of_Truth__c: 'SALESFORCE',
  }),
  mappingRow('Contact_Title', {
    Direction__c: 'BOTH',
    Salesforce_Field__c: 'Title',
    Okta_Attribute__c: 'profile.title',
    Transform__c: 'TRIM',
    Source_Of_Truth__c: 'OKTA',
  }),
  mappingRow('Contact_Department', {
    Salesforce_Field__c: 'Department',
    Okta_Attribute__c: 'profile.department',
    Transform__c: 'TRIM',
  }),
  mappingRow('Account_Name', {
    Salesforce_Object__c: 'Account',
    Salesforce_Field__c: 'Name',
    Okta_Attribute__c: 'profile.organization',
    Transform__c: 'TRIM',
  }),
];

/** A validated mapping for tests that do not go through the loader. */
export function fieldMapping(
  overrides: Partial<FieldMapping> & Pick<FieldMapping, 'name' | 'field'>,
): FieldMapping {
  return {
    label: overrides.name,
    direction: 'OKTA_TO_SALESFORCE',
    objectName: 'Contact',
    oktaAttribute: '',
    transform: 'NONE',
    transformArgument: null,
    defaultValue: null,
    isMatchKey: false,
    matchPriority: null,
    sourceOfTruth: 'OKTA',
    ...overrides,
  };
}

export function oktaUser(overrides: Partial<OktaUserSnapshot> = {}): OktaUserSnapshot {
  return {
    id: '00u1a2b3c4d5e6f7g8h9',
    status: 'ACTIVE',
    created: '2025-03-01T09:00:00.000Z',
    activated: '2025-03-01T09:05:00.000Z',
    statusChanged: '2025-03-01T09:05:00.000Z',
    lastLogin: null,
    lastUpdated: '2026-01-10T12:00:00.000Z',
    passwordChanged: null,
    profile: {
      login: 'Ada.Lovelace@Example.com',
      email: 'Ada.Lovelace@Example.com',
      firstName: '  Ada ',
      lastName: 'Lovelace',
      mobilePhone: '(415) 555-0123',
      primaryPhone: null,
      title: ' Analyst ',
      department: 'Engineering',
      organization: ' Analytical Engines Ltd ',
    },
    ...overrides,
  };
}
