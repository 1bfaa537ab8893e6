import type { Sandbox } from './index.js';

/**
 * Okta users as Leads, switched on for the sandbox as an admin would on the setup page: Okta
 * users of userType "prospect" (outside the Contact filter) become Leads with their names,
 * organization (or "[not provided]"), email (a match key) and title, assigned by the org's Lead
 * assignment rule, and a deactivated prospect's open Lead is closed. `npm start` deploys it
 * before the companion starts; the end-to-end tests deploy the same.
 */
export const DEMO_LEAD_FILTER = 'profile.userType eq "prospect"';

const leadMapping = (developerName: string, values: Record<string, unknown>) => ({
  type: 'Okta_Field_Mapping__mdt',
  developerName,
  label: developerName.replace(/_/g, ' '),
  values: {
    Direction__c: 'OKTA_TO_SALESFORCE',
    Salesforce_Object__c: 'Lead',
    Transform__c: 'TRIM',
    Active__c: true,
    ...values,
  },
});

export const DEMO_LEAD_MAPPINGS = [
  leadMapping('Lead_First_Name', {
    Salesforce_Field__c: 'FirstName',
    Okta_Attribute__c: 'profile.firstName',
  }),
  leadMapping('Lead_Last_Name', {
    Salesforce_Field__c: 'LastName',
    Okta_Attribute__c: 'profile.lastName',
  }),
  leadMapping('Lead_Company', {
    Salesforce_Field__c: 'Company',
    Okta_Attribute__c: 'profile.organization',
    Default_Value__c: '[not provided]',
  }),
  leadMapping('Lead_Email', {
    Salesforce_Field__c: 'Email',
    Okta_Attribute__c: 'profile.email',
    Transform__c: 'LOWER',
    Is_Match_Key__c: true,
    Match_Priority__c: 1,
  }),
  leadMapping('Lead_Title', { Salesforce_Field__c: 'Title', Okta_Attribute__c: 'profile.title' }),
];

export function deployDemoLeads(sandbox: Pick<Sandbox, 'salesforce'>): void {
  for (const record of DEMO_LEAD_MAPPINGS) sandbox.salesforce.deployCustomMetadata(record);
  sandbox.salesforce.deployCustomMetadata({
    type: 'Okta_Sync_Setting__mdt',
    developerName: 'Default',
    label: 'Default',
    values: {
      Okta_Lead_Filter__c: DEMO_LEAD_FILTER,
      Lead_Closed_Status__c: 'Closed - Not Converted',
      Lead_Assignment_Rule__c: true,
    },
  });
}
