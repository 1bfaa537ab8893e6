import {
  accountTeamConditionFields,
  conditionFields,
  conditionHolds,
} from '../mapping/access-rules.js';
import { writesOkta } from '../mapping/mapping-validation.js';
import type { SyncConfig } from '../mapping/types.js';
import { CONDITION_OBJECTS } from '../mapping/types.js';
import type { InboundEvent } from '../store/types.js';
import { recordsToKeep } from '../echo/echo-filter.js';
import type { WriteLedger } from '../echo/write-ledger.js';
import {
  SALESFORCE_JOB_KIND as KIND,
  ACCOUNT_TEAM_SWEEP_SUBJECT,
  SWEEP_SUBJECT,
  accountTeamSubject,
  caseSubject,
  contactSubject,
  isUserId,
  resolveSubject,
  salesforceUserSubject,
  type AccessRecomputePayload,
  type AccessResolvePayload,
  type AccessSweepPayload,
  type AccountTeamPayload,
  type CaseChangePayload,
  type ContactChangePayload,
} from '../queue/salesforce-job-kinds.js';
import type { RecordOwners } from './record-owners.js';
import { JOB_KIND as OKTA_JOB_KIND, userSubjectKey } from '../intake/okta-events.js';
import { changedValues, isGapChange, type ChangeEventMessage } from '../salesforce/change-event.js';

/**
 * Decides what a change event means for the Salesforce → Okta workflows: which jobs to enqueue
 * under which subject, or that the event is our own echo, or that events were lost. No I/O;
 * the only state it touches is the record-owner memory, which must follow the stream's order.
 */

export interface ClassifyContext {
  channel: string;
  clientTag: string;
  ledger?: WriteLedger;
  config: Pick<SyncConfig, 'mappings' | 'accessRules' | 'settings'>;
  owners: RecordOwners;
}

export interface Classified {
  events: InboundEvent[];
  /** The entity whose events were lost (GAP_OVERFLOW): a reconciliation is needed. */
  lostEntity: string | null;
  /** Why the event produced nothing, when it did not. */
  ignored: 'own-echo' | 'not-relevant' | null;
}

/** Case fields whose change can close, flag or retarget a Case. */
export const CASE_TRIGGER_FIELDS = [
  'Status',
  'IsClosed',
  'Okta_Access_Issue__c',
  'ContactId',
  'Type',
];

const lower = (names: Iterable<string>) => new Set([...names].map((n) => n.toLowerCase()));

export function changeEventId(
  message: ChangeEventMessage,
  channel: string,
  suffix: string,
): string {
  const { header } = message;
  const base = header.transactionKey
    ? `cdc:${header.entityName}:${header.transactionKey}:${header.sequenceNumber}`
    : `cdc:${channel}:${message.replayId}`;
  return `${base}:${suffix}`;
}

export function classifyChangeEvent(message: ChangeEventMessage, ctx: ClassifyContext): Classified {
  const { header } = message;
  const occurredAt = new Date(header.commitTimestamp || Date.now()).toISOString();
  const events: InboundEvent[] = [];
  const event = (suffix: string, subjectKey: string, jobKind: string, payload: unknown) =>
    events.push({
      source: 'sf-cdc',
      eventId: changeEventId(message, ctx.channel, suffix),
      eventType: `${header.entityName}.${header.changeType}`,
      subjectKey,
      jobKind,
      occurredAt,
      payload,
    });

  if (header.changeType === 'GAP_OVERFLOW') {
    if (accessEntity(header.entityName, ctx)) sweep(event, header.entityName, 'gap-overflow');
    if (teamEntity(header.entityName, ctx)) teamSweep(event, 'gap-overflow');
    return { events, lostEntity: header.entityName, ignored: null };
  }

  const gap = isGapChange(header.changeType);
  const changed = changedValues(message);
  const changedNames = lower(changed.keys());
  // Before the echo filter: whoever changed the Account, its team follows its fields, and team
  // writes never change an Account, so this cannot loop.
  if (header.entityName === 'Account') accountTeamEvents(message, ctx, changed, gap, event);

  const recordIds = recordsToKeep(message, {
    clientTag: ctx.clientTag,
    ...(ctx.ledger ? { ledger: ctx.ledger } : {}),
  });
  if (recordIds.length === 0) {
    return { events, lostEntity: null, ignored: events.length === 0 ? 'own-echo' : null };
  }

  if (header.entityName === 'Contact') contactEvents(message, ctx, recordIds, changed, gap, event);
  if (header.entityName === 'Case')
    caseEvents(message, recordIds, changedNames, changed, gap, event);
  if (accessEntity(header.entityName, ctx)) {
    accessEvents(message, ctx, recordIds, changedNames, changed, gap, event);
  }
  return { events, lostEntity: null, ignored: events.length === 0 ? 'not-relevant' : null };
}

type Emit = (suffix: string, subjectKey: string, jobKind: string, payload: unknown) => void;

function accessEntity(entity: string, ctx: ClassifyContext): boolean {
  return (
    (CONDITION_OBJECTS as readonly string[]).includes(entity) &&
    conditionFields(ctx.config.accessRules, entity).length > 0
  );
}

/** Whether Account Teams hang on this entity's fields: Accounts, with a team rule. */
function teamEntity(entity: string, ctx: { config: Pick<SyncConfig, 'accessRules'> }): boolean {
  return (
    entity === 'Account' && ctx.config.accessRules.some((r) => r.type === 'GROUP_TO_ACCOUNT_TEAM')
  );
}

function teamSweep(emit: Emit, reason: string): void {
  const payload: AccessSweepPayload = { reason, entity: 'Account' };
  emit('account-team-sweep', ACCOUNT_TEAM_SWEEP_SUBJECT, KIND.accountTeamSweep, payload);
}

function sweep(emit: Emit, entity: string, reason: string): void {
  const payload: AccessSweepPayload = { reason, entity };
  emit('sweep', SWEEP_SUBJECT, KIND.accessSweep, payload);
}

function contactEvents(
  message: ChangeEventMessage,
  ctx: ClassifyContext,
  recordIds: readonly string[],
  changed: ReadonlyMap<string, unknown>,
  gap: boolean,
  emit: Emit,
): void {
  const { header } = message;
  if (header.changeType === 'DELETE' || header.changeType === 'GAP_DELETE') return;
  const changedNames = lower(changed.keys());
  const linkedTo = message.fields['Okta_User_Id__c'];
  // A Contact someone created already linked (a converted Lead, a link typed in): the user's
  // Okta → Salesforce sync fills it now, not at the user's next change in Okta.
  if (
    (header.changeType === 'CREATE' || header.changeType === 'UNDELETE') &&
    typeof linkedTo === 'string' &&
    linkedTo !== ''
  ) {
    for (const contactId of recordIds) {
      emit(`okta-user-link:${contactId}`, userSubjectKey(linkedTo), OKTA_JOB_KIND.oktaUserSync, {
        eventType: 'salesforce.contact.linked',
        contactId,
      });
    }
  }
  const mapped = ctx.config.mappings.filter((m) => m.objectName === 'Contact' && writesOkta(m));
  const fields = gap
    ? mapped.map((m) => m.field)
    : mapped.filter((m) => changedNames.has(m.field.toLowerCase())).map((m) => m.field);
  if (fields.length === 0) return;
  // A new Contact is only of interest when it is already linked to an Okta user.
  if (
    (header.changeType === 'CREATE' || header.changeType === 'UNDELETE') &&
    !message.fields['Okta_User_Id__c']
  )
    return;
  // What the commit wrote, so a value the companion then overwrote unseen can be brought back.
  const values = gap ? undefined : committedValues(changed, fields);
  for (const contactId of recordIds) {
    const payload: ContactChangePayload = {
      contactId,
      ...(typeof linkedTo === 'string' && linkedTo !== '' ? { oktaUserId: linkedTo } : {}),
      ...(values ? { values } : {}),
      changeType: header.changeType,
      fields: [...new Set(fields)],
      commitTimestamp: header.commitTimestamp,
      gap,
    };
    emit(`contact:${contactId}`, contactSubject(contactId), KIND.contactSync, payload);
  }
}

function committedValues(
  changed: ReadonlyMap<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const byName = new Map([...changed].map(([name, value]) => [name.toLowerCase(), value]));
  return Object.fromEntries(fields.map((f) => [f, byName.get(f.toLowerCase()) ?? null]));
}

function caseEvents(
  message: ChangeEventMessage,
  recordIds: readonly string[],
  changedNames: ReadonlySet<string>,
  changed: ReadonlyMap<string, unknown>,
  gap: boolean,
  emit: Emit,
): void {
  const { header } = message;
  if (header.changeType === 'DELETE' || header.changeType === 'GAP_DELETE') return;
  const triggers = CASE_TRIGGER_FIELDS.filter((f) => changedNames.has(f.toLowerCase()));
  let relevant = gap || (header.changeType === 'UPDATE' && triggers.length > 0);
  if (header.changeType === 'CREATE' || header.changeType === 'UNDELETE') {
    relevant = changed.get('Okta_Access_Issue__c') === true || changed.get('IsClosed') === true;
  }
  if (!relevant) return;
  for (const caseId of recordIds) {
    const payload: CaseChangePayload = {
      caseId,
      changeType: header.changeType,
      fields: triggers,
      commitTimestamp: header.commitTimestamp,
    };
    emit(`case:${caseId}`, caseSubject(caseId), KIND.caseChange, payload);
  }
}

/**
 * Accounts whose GROUP_TO_ACCOUNT_TEAM rules may now hold or stop holding: an update of a field
 * a rule selects Accounts by, a new Account some rule's condition holds for, an undeleted one,
 * or a gap (the fields are unknown). A deleted Account takes its team with it.
 */
function accountTeamEvents(
  message: ChangeEventMessage,
  ctx: ClassifyContext,
  changed: ReadonlyMap<string, unknown>,
  gap: boolean,
  emit: Emit,
): void {
  const { header } = message;
  const rules = ctx.config.accessRules.filter((r) => r.type === 'GROUP_TO_ACCOUNT_TEAM');
  if (rules.length === 0) return;
  const type = header.changeType;
  if (type === 'DELETE' || type === 'GAP_DELETE') return;
  let relevant = gap || type === 'UNDELETE';
  if (type === 'UPDATE') {
    const fields = lower(accountTeamConditionFields(rules));
    relevant = [...changed.keys()].some((f) => fields.has(f.toLowerCase()));
  }
  if (type === 'CREATE') {
    const fields = Object.fromEntries(changed);
    relevant = rules.some((r) => conditionHolds(r.accounts, { objectName: 'Account', fields }));
  }
  if (!relevant) return;
  for (const accountId of header.recordIds) {
    const payload: AccountTeamPayload = { accountId, reason: `Account.${type}` };
    emit(`account-team:${accountId}`, accountTeamSubject(accountId), KIND.accountTeam, payload);
  }
}

/**
 * Who may gain or lose access. The new owner comes from the event; the previous owner from the
 * owner memory. When the memory cannot tell (never seen, or it already shows the new owner),
 * every holder of managed access is recomputed by a sweep. Records whose current owner is
 * unknown (a condition field changed, no OwnerId in the event) are resolved by a query.
 */
function accessEvents(
  message: ChangeEventMessage,
  ctx: ClassifyContext,
  recordIds: readonly string[],
  changedNames: ReadonlySet<string>,
  changed: ReadonlyMap<string, unknown>,
  gap: boolean,
  emit: Emit,
): void {
  const { header } = message;
  const entity = header.entityName;
  const ruleFields = lower(conditionFields(ctx.config.accessRules, entity));
  const type = header.changeType;
  const ownerChanged = changedNames.has('ownerid');
  if (type === 'UPDATE' && ![...changedNames].some((f) => ruleFields.has(f))) return;

  const recompute = new Set<string>();
  const resolve: string[] = [];
  let needSweep = false;
  const newOwner = changed.get('OwnerId');

  for (const id of recordIds) {
    const known = ctx.owners.get(id);
    if (type === 'DELETE' || type === 'GAP_DELETE') {
      if (known) recompute.add(known);
      else needSweep = true;
      ctx.owners.forget(id);
    } else if (gap) {
      // The record may have changed owner unseen: the previous owner needs a recompute too.
      if (known) recompute.add(known);
      else needSweep = true;
      resolve.push(id);
    } else if (ownerChanged && typeof newOwner === 'string') {
      recompute.add(newOwner);
      if (type === 'UPDATE') {
        if (known && known !== newOwner) recompute.add(known);
        else needSweep = true;
      }
      ctx.owners.observe(id, newOwner);
    } else if (known) {
      recompute.add(known);
    } else {
      resolve.push(id);
    }
  }

  for (const userId of [...recompute].filter(isUserId).sort()) {
    const payload: AccessRecomputePayload = {
      salesforceUserId: userId,
      reason: `${entity}.${type}`,
    };
    emit(`recompute:${userId}`, salesforceUserSubject(userId), KIND.accessRecompute, payload);
  }
  if (resolve.length > 0) {
    const payload: AccessResolvePayload = {
      entity,
      recordIds: resolve,
      reason: `${entity}.${type}`,
    };
    emit('resolve', resolveSubject(entity), KIND.accessResolve, payload);
  }
  if (needSweep) sweep(emit, entity, `${entity}.${type}: previous owner unknown`);
}

/** Events to enqueue when a channel's events were lost (replay window passed, overflow). */
export function lostEventsFollowUp(
  entity: string,
  ctx: Pick<ClassifyContext, 'config'>,
  reason: string,
  at: Date,
): InboundEvent[] {
  const payload: AccessSweepPayload = { reason, entity };
  const lost = (suffix: string, subjectKey: string, jobKind: string): InboundEvent => ({
    source: 'sf-cdc',
    eventId: `cdc-lost:${entity}:${at.toISOString()}${suffix}`,
    eventType: `${entity}.EVENTS_LOST`,
    subjectKey,
    jobKind,
    occurredAt: at.toISOString(),
    payload,
  });
  const events: InboundEvent[] = [];
  if (
    (CONDITION_OBJECTS as readonly string[]).includes(entity) &&
    conditionFields(ctx.config.accessRules, entity).length > 0
  )
    events.push(lost('', SWEEP_SUBJECT, KIND.accessSweep));
  if (teamEntity(entity, ctx))
    events.push(lost(':account-team', ACCOUNT_TEAM_SWEEP_SUBJECT, KIND.accountTeamSweep));
  return events;
}

/**
 * The Account Team sweep to enqueue when the access rules changed (a GROUP_TO_ACCOUNT_TEAM rule
 * added, removed or given another condition): every Account a rule now selects, or that holds a
 * rule-managed row, is brought in step. Empty when no team rule is active.
 */
export function accountTeamRulesChanged(
  config: Pick<SyncConfig, 'accessRules'>,
  id: string,
  at: Date,
): InboundEvent[] {
  if (!teamEntity('Account', { config })) return [];
  const payload: AccessSweepPayload = { reason: 'access rules changed', entity: 'Account' };
  return [
    {
      source: 'sf-cdc',
      eventId: `rules-changed:${id}:account-team`,
      eventType: 'Okta_Config_Changed__e.ACCESS_RULES',
      subjectKey: ACCOUNT_TEAM_SWEEP_SUBJECT,
      jobKind: KIND.accountTeamSweep,
      occurredAt: at.toISOString(),
      payload,
    },
  ];
}
