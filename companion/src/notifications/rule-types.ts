// The notification rules the sync reads from Okta_Notification_Rule__mdt. Plain data. The
// picklist value lists copy the force-app XML; scripts/metadata/schema-copies.test.mjs holds
// them to it.
import type { RuleCondition } from '../mapping/types.js';
import type { MessagePart } from './message-template.js';

export const NOTIFICATION_EVENTS = [
  'PROVISIONED',
  'UPDATED',
  'DEPROVISIONED',
  'REACTIVATED',
  'ACCESS_CHANGED',
  'GRANT_APPLIED',
  'GRANT_ENDED',
  'RECONCILIATION_APPLIED',
] as const;
export type NotificationEventKind = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_CHANNELS = ['CUSTOM_NOTIFICATION', 'EMAIL', 'WEBHOOK'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const RECIPIENT_TYPES = ['USERS', 'GROUP', 'QUEUE', 'RECORD_OWNER', 'CASE_OWNER'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

export type Recipients =
  | { type: 'USERS'; userIds: string[] }
  /** `ref` is the group's or queue's id (00G…) or its API name. */
  | { type: 'GROUP' | 'QUEUE'; ref: string }
  | { type: 'RECORD_OWNER' | 'CASE_OWNER' }
  /** The webhook channel has its own destination. */
  | { type: 'WEBHOOK' };

/** One active, validated row of Okta_Notification_Rule__mdt. */
export interface NotificationRule {
  name: string;
  label: string;
  event: NotificationEventKind;
  /** A condition on the Contact the event is about; null: every Contact (and none needed). */
  scope: RuleCondition | null;
  channel: NotificationChannel;
  recipients: Recipients;
  /** null: the event's standard message. */
  template: MessagePart[] | null;
  digest: boolean;
  quietMinutes: number;
}
