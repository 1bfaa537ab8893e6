import { sameValue } from '../mapping/field-diff.js';
import type { OktaUserSnapshot, SyncSettings } from '../mapping/types.js';
import type { SalesforceWrite } from '../salesforce/record-writer.js';

/**
 * An MFA reset: Okta Classic logs `reset_all`; Okta Identity Engine logs one `deactivate` per
 * factor. Either stamps Okta_MFA_Reset_At__c.
 */
export const MFA_RESET_EVENT_TYPES: ReadonlySet<string> = new Set([
  'user.mfa.factor.reset_all',
  'user.mfa.factor.deactivate',
]);

/**
 * The decision of workflow 1 and the Contact half of workflow 2: given the current Okta
 * user, the Contact it is linked to (or could be linked to) and the mapped field values,
 * which single Contact write makes Salesforce agree? Pure: no SDK, no store, no clock.
 */

export const DEPROVISIONED_STATUSES: ReadonlySet<string> = new Set([
  'DEPROVISIONED',
  'SUSPENDED',
  'DELETED',
]);

/** The Contact columns the decision reads, besides the mapped fields. */
export interface ContactRow {
  Id: string;
  Okta_User_Id__c?: string | null;
  Okta_Status__c?: string | null;
  Okta_Sync_Status__c?: string | null;
  Okta_Sync_Error__c?: string | null;
  Okta_Last_Event_At__c?: string | null;
  Okta_MFA_Reset_At__c?: string | null;
  AccountId?: string | null;
  [field: string]: unknown;
}

export type ContactMatch =
  | { kind: 'linked'; contact: ContactRow }
  | { kind: 'match'; contact: ContactRow; by: string }
  | { kind: 'ambiguous'; contactIds: string[]; by: string }
  | { kind: 'none' };

export interface FieldChange {
  object: string;
  recordId?: string;
  field: string;
  before: unknown;
  after: unknown;
}

export interface MappingIssue {
  mapping: string;
  field: string;
  message: string;
}

export type ContactOutcome =
  'created' | 'linked' | 'updated' | 'unchanged' | 'out-of-scope' | 'conflict' | 'skipped';

export interface ContactPlan {
  userId: string;
  outcome: ContactOutcome;
  reason: string;
  write: SalesforceWrite | undefined;
  contactId: string | undefined;
  changes: FieldChange[];
  issues: MappingIssue[];
  /** The Okta status the Contact will carry (DELETED when Okta no longer has the user). */
  status: string;
  deprovisioned: boolean;
  /** True when the Contact was deprovisioned before and is active again. */
  reactivated: boolean;
}

export interface ContactPlanInput {
  userId: string;
  /** null: Okta no longer has this user. */
  user: OktaUserSnapshot | null;
  inScope: boolean;
  match: ContactMatch;
  /** Mapped Contact fields (Okta → Salesforce mappings applied) and the mappings that failed. */
  mapped: { fields: Record<string, unknown>; issues: MappingIssue[] };
  /** Resolved Account, when the account strategy found or created one. */
  accountId: string | undefined;
  /** Event types in this job and the latest `published` among them. */
  eventTypes: readonly string[];
  lastEventAt: string | undefined;
  syncedAt: string;
  settings: Pick<SyncSettings, 'defaultOwnerId'>;
}

const ERROR_LENGTH = 255;

function changesBetween(
  current: Record<string, unknown> | undefined,
  desired: Record<string, unknown>,
  recordId: string | undefined,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, after] of Object.entries(desired)) {
    const before = current?.[field];
    if (!sameValue(before, after)) {
      changes.push({
        object: 'Contact',
        ...(recordId ? { recordId } : {}),
        field,
        before: before ?? null,
        after,
      });
    }
  }
  return changes;
}

function issuesText(issues: readonly MappingIssue[]): string | null {
  if (issues.length === 0) return null;
  const text = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return text.length > ERROR_LENGTH ? `${text.slice(0, ERROR_LENGTH - 1)}…` : text;
}

export function planContactSync(input: ContactPlanInput): ContactPlan {
  const status = input.user?.status ?? 'DELETED';
  const deprovisioned = DEPROVISIONED_STATUSES.has(status);
  const base = {
    userId: input.userId,
    status,
    deprovisioned,
    issues: input.mapped.issues,
    changes: [] as FieldChange[],
    write: undefined,
  };
  const linked =
    input.match.kind === 'linked' || input.match.kind === 'match' ? input.match.contact : undefined;
  const reactivated =
    !deprovisioned &&
    linked !== undefined &&
    DEPROVISIONED_STATUSES.has(String(linked.Okta_Status__c ?? ''));

  if (!input.inScope && input.match.kind !== 'linked') {
    return {
      ...base,
      outcome: 'out-of-scope',
      reason: 'the Okta user is outside the Contact filter',
      contactId: undefined,
      reactivated: false,
    };
  }
  if (input.match.kind === 'ambiguous') {
    return {
      ...base,
      outcome: 'conflict',
      reason: `several unlinked Contacts match by ${input.match.by} (${input.match.contactIds.join(', ')}); link one by hand`,
      contactId: undefined,
      reactivated: false,
    };
  }

  // A deleted user only updates a Contact it was linked to.
  const mappedFields = input.user === null ? {} : input.mapped.fields;
  const desired: Record<string, unknown> = {
    ...mappedFields,
    Okta_User_Id__c: input.userId,
    Okta_Status__c: status,
    Okta_Sync_Status__c: input.mapped.issues.length > 0 ? 'Error' : 'Synced',
    Okta_Sync_Error__c: issuesText(input.mapped.issues),
  };
  if (input.accountId !== undefined && (linked?.AccountId ?? null) !== input.accountId) {
    desired['AccountId'] = input.accountId;
  }
  if (input.eventTypes.some((type) => MFA_RESET_EVENT_TYPES.has(type)) && input.lastEventAt) {
    desired['Okta_MFA_Reset_At__c'] = input.lastEventAt;
  }
  if (
    input.lastEventAt &&
    (!linked?.Okta_Last_Event_At__c ||
      Date.parse(input.lastEventAt) > Date.parse(String(linked.Okta_Last_Event_At__c)))
  ) {
    desired['Okta_Last_Event_At__c'] = input.lastEventAt;
  }

  if (linked) {
    const changes = changesBetween(linked, desired, linked.Id).filter(
      (c) => c.field !== 'Okta_Last_Event_At__c',
    );
    if (changes.length === 0) {
      return {
        ...base,
        outcome: 'unchanged',
        reason: 'the Contact already agrees with Okta',
        contactId: linked.Id,
        reactivated,
      };
    }
    const record: Record<string, unknown> & { Id: string } = {
      Id: linked.Id,
      Okta_Last_Synced_At__c: input.syncedAt,
    };
    for (const change of changesBetween(linked, desired, linked.Id))
      record[change.field] = change.after;
    return {
      ...base,
      outcome: input.match.kind === 'match' ? 'linked' : 'updated',
      reason:
        input.match.kind === 'match'
          ? `linked the existing Contact by ${input.match.by}`
          : 'updated the linked Contact',
      write: { op: 'update', object: 'Contact', record },
      contactId: linked.Id,
      changes,
      reactivated,
    };
  }

  // No Contact yet.
  if (input.user === null || deprovisioned) {
    return {
      ...base,
      outcome: 'skipped',
      reason: `no Contact is created for a ${status} user`,
      contactId: undefined,
      reactivated: false,
    };
  }
  const record: Record<string, unknown> = Object.fromEntries(
    Object.entries({ ...desired, Okta_Last_Synced_At__c: input.syncedAt }).filter(
      ([, value]) => value !== null,
    ),
  );
  if (input.settings.defaultOwnerId) record['OwnerId'] = input.settings.defaultOwnerId;
  return {
    ...base,
    outcome: 'created',
    reason: 'created a Contact for the Okta user',
    // Upsert by the Okta user id: a retried job after a crash can never create a second Contact.
    write: { op: 'upsert', object: 'Contact', externalIdField: 'Okta_User_Id__c', record },
    contactId: undefined,
    changes: changesBetween(undefined, record, undefined),
    reactivated: false,
  };
}
