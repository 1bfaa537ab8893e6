// SOQL and row schema of Okta_Notification_Rule__mdt, as the REST query API returns its rows.
// The field list copies the force-app XML; scripts/metadata/schema-copies.test.mjs holds it to it.
import { z } from 'zod';
import { CONDITION_OPERATORS } from '../mapping/types.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, RECIPIENT_TYPES } from './rule-types.js';

export const NOTIFICATION_RULE_TYPE = 'Okta_Notification_Rule__mdt';

const NOTIFICATION_RULE_FIELDS = [
  'DeveloperName',
  'MasterLabel',
  'Event__c',
  'Scope_Field__c',
  'Scope_Operator__c',
  'Scope_Value__c',
  'Channel__c',
  'Recipient_Type__c',
  'Recipients__c',
  'Message_Template__c',
  'Digest__c',
  'Quiet_Period_Minutes__c',
  'Active__c',
] as const;

export const NOTIFICATION_RULE_SOQL = `SELECT ${NOTIFICATION_RULE_FIELDS.join(', ')} FROM ${NOTIFICATION_RULE_TYPE} WHERE Active__c = true`;

const text = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v.trim() === '' ? null : v.trim()));
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  schema.nullish().transform((v: z.output<T> | null | undefined) => v ?? null);

export const notificationRuleRow = z.object({
  DeveloperName: z.string().min(1),
  MasterLabel: text,
  Event__c: optional(z.enum(NOTIFICATION_EVENTS)),
  Scope_Field__c: text,
  Scope_Operator__c: optional(z.enum(CONDITION_OPERATORS)),
  Scope_Value__c: text,
  Channel__c: optional(z.enum(NOTIFICATION_CHANNELS)),
  Recipient_Type__c: optional(z.enum(RECIPIENT_TYPES)),
  Recipients__c: text,
  // Kept as written: spacing and line breaks are the admin's.
  Message_Template__c: z
    .string()
    .nullish()
    .transform((v) => (v === null || v === undefined || v.trim() === '' ? null : v)),
  Digest__c: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  Quiet_Period_Minutes__c: optional(z.number()),
  Active__c: z
    .boolean()
    .nullish()
    .transform((v) => v ?? true),
});
export type NotificationRuleRow = z.output<typeof notificationRuleRow>;
