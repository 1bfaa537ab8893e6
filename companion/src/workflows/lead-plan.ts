import { sameValue } from '../mapping/field-diff.js';
import type { OktaUserSnapshot, SyncSettings } from '../mapping/types.js';
import type { SalesforceWrite } from '../salesforce/record-writer.js';
import { DEPROVISIONED_STATUSES, type FieldChange, type MappingIssue } from './contact-plan.js';

/**
 * The decision for an Okta user who is a Lead rather than a Contact (outside the Contact
 * filter, inside the Lead filter, and matching no Contact): which single write makes Salesforce
 * agree? Pure: no SDK, no store, no clock.
 *
 * - The user's own Lead (Okta_User_Id__c) gets the mapped fields; once the user is deactivated
 *   or deleted, its open Lead gets the configured closed status (Leads are never deleted).
 * - A Lead someone converted is recognised (IsConverted, ConvertedContactId): its Contact is
 *   linked to the user, who is synced to that Contact from then on and never gets a Lead again.
 * - Otherwise one open, unlinked Lead matching a Lead match key is linked; several are a
 *   conflict; none, and a new Lead is created, assigned as the settings say.
 */

export interface LeadRow {
  Id: string;
  Okta_User_Id__c?: string | null;
  IsConverted?: boolean | null;
  ConvertedContactId?: string | null;
  Status?: string | null;
  [field: string]: unknown;
}

export type LeadMatch =
  | { kind: 'linked'; lead: LeadRow }
  | { kind: 'match'; lead: LeadRow; by: string }
  | { kind: 'ambiguous'; leadIds: string[]; by: string }
  | { kind: 'none' };

export type LeadOutcome =
  | 'created'
  | 'linked'
  | 'updated'
  | 'unchanged'
  | 'closed'
  | 'converted'
  | 'conflict'
  | 'skipped'
  | 'out-of-scope';

export interface LeadPlan {
  userId: string;
  outcome: LeadOutcome;
  reason: string;
  write: SalesforceWrite | undefined;
  /** The Lead written or found (set after a create from the write's result). */
  leadId: string | undefined;
  /** The Contact a converted Lead became, when the plan links it. */
  contactId: string | undefined;
  changes: FieldChange[];
  issues: MappingIssue[];
}

export interface LeadPlanInput {
  userId: string;
  /** null: Okta no longer has this user. */
  user: OktaUserSnapshot | null;
  /** Whether the Lead filter selects the user. */
  inScope: boolean;
  match: LeadMatch;
  /** Mapped Lead fields (Okta → Salesforce mappings of Lead) and the mappings that failed. */
  mapped: { fields: Record<string, unknown>; issues: MappingIssue[] };
  /** The org's closed Lead statuses (LeadStatus.IsClosed). */
  closedStatuses: ReadonlySet<string>;
  settings: Pick<SyncSettings, 'leadClosedStatus' | 'leadAssignmentRule' | 'defaultOwnerId'>;
}

function changesBetween(
  object: string,
  current: Record<string, unknown> | undefined,
  desired: Record<string, unknown>,
  recordId: string | undefined,
): FieldChange[] {
  return Object.entries(desired)
    .filter(([field, after]) => !sameValue(current?.[field], after))
    .map(([field, after]) => ({
      object,
      ...(recordId ? { recordId } : {}),
      field,
      before: current?.[field] ?? null,
      after,
    }));
}

function update(
  base: Omit<LeadPlan, 'outcome' | 'reason' | 'write' | 'changes'>,
  outcome: LeadOutcome,
  reason: string,
  lead: LeadRow,
  desired: Record<string, unknown>,
): LeadPlan {
  const changes = changesBetween('Lead', lead, desired, lead.Id);
  if (changes.length === 0) {
    return {
      ...base,
      outcome: 'unchanged',
      reason: 'the Lead already agrees with Okta',
      write: undefined,
      changes,
    };
  }
  const record: Record<string, unknown> & { Id: string } = { Id: lead.Id };
  for (const change of changes) record[change.field] = change.after;
  return { ...base, outcome, reason, write: { op: 'update', object: 'Lead', record }, changes };
}

export function planLeadSync(input: LeadPlanInput): LeadPlan {
  const gone = input.user === null || DEPROVISIONED_STATUSES.has(input.user.status);
  const base = {
    userId: input.userId,
    leadId: undefined as string | undefined,
    contactId: undefined as string | undefined,
    issues: input.mapped.issues,
  };
  const nothing = (outcome: LeadOutcome, reason: string): LeadPlan => ({
    ...base,
    outcome,
    reason,
    write: undefined,
    changes: [],
  });

  if (input.match.kind === 'linked') {
    const lead = input.match.lead;
    const own = { ...base, leadId: lead.Id };
    if (lead.IsConverted === true) {
      const contactId = lead.ConvertedContactId ?? undefined;
      if (!contactId)
        return {
          ...nothing('skipped', 'the Lead was converted without a Contact'),
          leadId: lead.Id,
        };
      const record = { Id: contactId, Okta_User_Id__c: input.userId };
      return {
        ...own,
        contactId,
        outcome: 'converted',
        reason: 'the Lead was converted: its Contact is linked to the Okta user from now on',
        write: { op: 'update', object: 'Contact', record },
        changes: changesBetween('Contact', undefined, { Okta_User_Id__c: input.userId }, contactId),
      };
    }
    if (gone) {
      if (input.closedStatuses.has(String(lead.Status ?? ''))) {
        return { ...own, ...nothing('unchanged', 'the Lead is already closed'), leadId: lead.Id };
      }
      return update(
        own,
        'closed',
        `closed the Lead: the Okta user is ${input.user?.status ?? 'DELETED'}`,
        lead,
        {
          Status: input.settings.leadClosedStatus,
        },
      );
    }
    return update(own, 'updated', 'updated the linked Lead', lead, input.mapped.fields);
  }

  if (!input.inScope)
    return nothing('out-of-scope', 'the Okta user is outside the Contact and Lead filters');
  if (input.match.kind === 'ambiguous') {
    return nothing(
      'conflict',
      `several open, unlinked Leads match by ${input.match.by} (${input.match.leadIds.join(', ')}); link one by hand`,
    );
  }
  if (gone)
    return nothing('skipped', `no Lead is created for a ${input.user?.status ?? 'DELETED'} user`);
  if (input.match.kind === 'match') {
    const lead = input.match.lead;
    return update(
      { ...base, leadId: lead.Id },
      'linked',
      `linked the existing Lead by ${input.match.by}`,
      lead,
      { ...input.mapped.fields, Okta_User_Id__c: input.userId },
    );
  }

  const record: Record<string, unknown> = Object.fromEntries(
    Object.entries({ ...input.mapped.fields, Okta_User_Id__c: input.userId }).filter(
      ([, value]) => value !== null && value !== undefined,
    ),
  );
  // The assignment rule picks the owner; without it the default owner (else the integration user).
  if (!input.settings.leadAssignmentRule && input.settings.defaultOwnerId) {
    record['OwnerId'] = input.settings.defaultOwnerId;
  }
  return {
    ...base,
    outcome: 'created',
    reason: input.settings.leadAssignmentRule
      ? 'created a Lead for the Okta user, assigned by the Lead assignment rule'
      : 'created a Lead for the Okta user',
    // Upsert by the Okta user id: a retried job can never create a second Lead.
    write: {
      op: 'upsert',
      object: 'Lead',
      externalIdField: 'Okta_User_Id__c',
      record,
      autoAssign: input.settings.leadAssignmentRule,
    },
    changes: changesBetween('Lead', undefined, record, undefined),
  };
}
