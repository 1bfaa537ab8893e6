// SOQL and row schemas of the three Custom Metadata types. Rows come back from the REST query
// API: checkboxes as booleans, numbers as numbers, blank text and picklists as null. The field
// lists copy the force-app XML; scripts/metadata/schema-copies.test.mjs holds them to it.
import { z } from 'zod';
import {
  ACCOUNT_ACCESS_LEVELS,
  ACCOUNT_STRATEGIES,
  CONDITION_OPERATORS,
  DEPROVISION_CASE_ACTIONS,
  DIRECTIONS,
  RELATED_ACCESS_LEVELS,
  RULE_TYPES,
  SOURCES_OF_TRUTH,
  TRANSFORMS,
} from './types.js';

export const FIELD_MAPPING_TYPE = 'Okta_Field_Mapping__mdt';
export const ACCESS_RULE_TYPE = 'Okta_Access_Rule__mdt';
export const SYNC_SETTING_TYPE = 'Okta_Sync_Setting__mdt';
export const DEFAULT_SETTINGS_NAME = 'Default';

const FIELD_MAPPING_FIELDS = [
  'DeveloperName',
  'MasterLabel',
  'Direction__c',
  'Salesforce_Object__c',
  'Salesforce_Field__c',
  'Okta_Attribute__c',
  'Transform__c',
  'Transform_Argument__c',
  'Default_Value__c',
  'Is_Match_Key__c',
  'Match_Priority__c',
  'Source_Of_Truth__c',
  'Active__c',
] as const;

const ACCESS_RULE_FIELDS = [
  'DeveloperName',
  'MasterLabel',
  'Rule_Type__c',
  'Okta_Group_Id__c',
  'Okta_Group_Name__c',
  'Account_Team_Role__c',
  'Account_Access_Level__c',
  'Opportunity_Access_Level__c',
  'Case_Access_Level__c',
  'Salesforce_Object__c',
  'Condition_Field__c',
  'Condition_Operator__c',
  'Condition_Value__c',
  'Okta_Attribute__c',
  'Attribute_Value__c',
  'Active__c',
] as const;

export const SYNC_SETTING_FIELDS = [
  'Sync_Enabled__c',
  'Okta_Contact_Filter__c',
  'Okta_Lead_Filter__c',
  'Lead_Closed_Status__c',
  'Lead_Assignment_Rule__c',
  'Account_Strategy__c',
  'Account_Match_Attribute__c',
  'Default_Owner_Id__c',
  'User_Match_Field__c',
  'Deprovision_Case_Action__c',
  'Deprovision_Case_Queue__c',
  'Lead_Fallback_Owner_Id__c',
  'Deactivate_Empty_Accounts__c',
  'Blast_Radius_Percent__c',
  'Blast_Radius_Min_Contacts__c',
  'Blast_Radius_Window_Minutes__c',
  'Default_Grant_Hours__c',
  'Max_Grant_Hours__c',
  'Termination_Case_Type__c',
  'Access_Issue_Attribute__c',
  'Reconciliation_Cron__c',
  'Bulk_Threshold__c',
  'Api_Reserve_Percent__c',
  'Alert_Recipient_Id__c',
] as const;

export const FIELD_MAPPING_SOQL = `SELECT ${FIELD_MAPPING_FIELDS.join(', ')} FROM ${FIELD_MAPPING_TYPE} WHERE Active__c = true`;
export const ACCESS_RULE_SOQL = `SELECT ${ACCESS_RULE_FIELDS.join(', ')} FROM ${ACCESS_RULE_TYPE} WHERE Active__c = true`;
export const SYNC_SETTING_SOQL = `SELECT DeveloperName, MasterLabel, ${SYNC_SETTING_FIELDS.join(', ')} FROM ${SYNC_SETTING_TYPE}`;

/** Blank text is absent. */
const text = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v.trim() === '' ? null : v.trim()));
/** Like `text`, but keeps inner and outer whitespace (templates, JSON, defaults). */
const rawText = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v.trim() === '' ? null : v));
const checkbox = (fallback: boolean) =>
  z
    .boolean()
    .nullish()
    .transform((v) => v ?? fallback);

export const fieldMappingRow = z.object({
  DeveloperName: z.string().min(1),
  MasterLabel: text,
  Direction__c: z.enum(DIRECTIONS),
  Salesforce_Object__c: text,
  Salesforce_Field__c: text,
  Okta_Attribute__c: text,
  Transform__c: z
    .enum(TRANSFORMS)
    .nullish()
    .transform((v) => v ?? 'NONE'),
  Transform_Argument__c: rawText,
  Default_Value__c: rawText,
  Is_Match_Key__c: checkbox(false),
  Match_Priority__c: z
    .number()
    .int()
    .min(0)
    .max(99)
    .nullish()
    .transform((v) => v ?? null),
  Source_Of_Truth__c: z
    .enum(SOURCES_OF_TRUTH)
    .nullish()
    .transform((v) => v ?? 'OKTA'),
  Active__c: checkbox(true),
});
export type FieldMappingRow = z.output<typeof fieldMappingRow>;

export const accessRuleRow = z.object({
  DeveloperName: z.string().min(1),
  MasterLabel: text,
  Rule_Type__c: z.enum(RULE_TYPES),
  Okta_Group_Id__c: text,
  Okta_Group_Name__c: text,
  Account_Team_Role__c: text,
  Account_Access_Level__c: z
    .enum(ACCOUNT_ACCESS_LEVELS)
    .nullish()
    .transform((v) => v ?? null),
  Opportunity_Access_Level__c: z
    .enum(RELATED_ACCESS_LEVELS)
    .nullish()
    .transform((v) => v ?? null),
  Case_Access_Level__c: z
    .enum(RELATED_ACCESS_LEVELS)
    .nullish()
    .transform((v) => v ?? null),
  Salesforce_Object__c: text,
  Condition_Field__c: text,
  Condition_Operator__c: z
    .enum(CONDITION_OPERATORS)
    .nullish()
    .transform((v) => v ?? null),
  Condition_Value__c: text,
  Okta_Attribute__c: text,
  Attribute_Value__c: text,
  Active__c: checkbox(true),
});
export type AccessRuleRow = z.output<typeof accessRuleRow>;

/** Each setting is optional here: a bad or blank one falls back to its default alone. */
export const syncSettingRow = z.object({
  Sync_Enabled__c: z.boolean().nullish(),
  Okta_Contact_Filter__c: text,
  Okta_Lead_Filter__c: text,
  Lead_Closed_Status__c: text,
  Lead_Assignment_Rule__c: z.boolean().nullish(),
  Account_Strategy__c: z.enum(ACCOUNT_STRATEGIES).nullish(),
  Account_Match_Attribute__c: text,
  Default_Owner_Id__c: text,
  User_Match_Field__c: text,
  Deprovision_Case_Action__c: z.enum(DEPROVISION_CASE_ACTIONS).nullish(),
  Deprovision_Case_Queue__c: text,
  Lead_Fallback_Owner_Id__c: text,
  Deactivate_Empty_Accounts__c: z.boolean().nullish(),
  Blast_Radius_Percent__c: z.number().min(0).max(100).nullish(),
  Blast_Radius_Min_Contacts__c: z.number().int().min(0).nullish(),
  Blast_Radius_Window_Minutes__c: z.number().int().min(1).nullish(),
  Default_Grant_Hours__c: z.number().int().min(1).nullish(),
  Max_Grant_Hours__c: z.number().int().min(1).nullish(),
  Termination_Case_Type__c: text,
  Access_Issue_Attribute__c: text,
  Reconciliation_Cron__c: text,
  Bulk_Threshold__c: z.number().int().min(1).nullish(),
  Api_Reserve_Percent__c: z.number().min(0).max(100).nullish(),
  Alert_Recipient_Id__c: text,
});
export type SyncSettingRow = z.output<typeof syncSettingRow>;

/** `Transform__c: Invalid option: …` for each issue of a failed row. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}
