import type { SyncSettings } from '../mapping/types.js';

/** Pure decisions of workflow 5: what a grant request may ask, and when a membership may go. */

export type GrantRequestProblem = {
  code: 'VALIDATION_FAILED' | 'GROUP_NOT_GRANTABLE';
  message: string;
};

export function checkGrantRequest(input: {
  groupId: string;
  durationHours: number;
  reason: string;
  grantableGroupIds: ReadonlySet<string>;
  settings: Pick<SyncSettings, 'maxGrantHours'>;
}): GrantRequestProblem | null {
  if (!Number.isFinite(input.durationHours) || input.durationHours <= 0) {
    return {
      code: 'VALIDATION_FAILED',
      message: 'The duration must be a positive number of hours.',
    };
  }
  if (input.durationHours > input.settings.maxGrantHours) {
    return {
      code: 'VALIDATION_FAILED',
      message: `Temporary access lasts at most ${input.settings.maxGrantHours} hours.`,
    };
  }
  if (input.reason.trim() === '')
    return { code: 'VALIDATION_FAILED', message: 'A reason is required.' };
  if (input.reason.length > 255)
    return { code: 'VALIDATION_FAILED', message: 'The reason must fit in 255 characters.' };
  if (!input.grantableGroupIds.has(input.groupId)) {
    return {
      code: 'GROUP_NOT_GRANTABLE',
      message: `Group ${input.groupId} is not named by an active access rule.`,
    };
  }
  return null;
}

export type MembershipDecision = { remove: true } | { remove: false; reason: string };

/** Ending a grant removes the membership only when nothing else accounts for it. */
export function membershipAfterGrantEnds(input: {
  otherActiveGrants: number;
  wasMemberBefore: boolean;
  neededByAccessRule: boolean;
}): MembershipDecision {
  if (input.otherActiveGrants > 0)
    return { remove: false, reason: 'another active grant holds the group' };
  if (input.wasMemberBefore)
    return { remove: false, reason: 'the user was a member before the grant' };
  if (input.neededByAccessRule) return { remove: false, reason: 'an access rule grants the group' };
  return { remove: true };
}

/** An ACTIVE grant whose expiry fired: expire it, or follow an Expires_At__c moved later in Salesforce. */
export function expiryDecision(
  expiresAtIso: string,
  nowMs: number,
): { expire: true } | { expire: false; dueAt: Date } {
  const due = Date.parse(expiresAtIso);
  if (!Number.isFinite(due) || due <= nowMs) return { expire: true };
  return { expire: false, dueAt: new Date(due) };
}

/** Clock skew tolerated between Salesforce's CreatedDate and the requested expiry. */
const DURATION_SLACK_MS = 5 * 60_000;

export interface GrantToApply {
  caseId: string | null;
  contactId: string | null;
  oktaUserId: string | null;
  groupId: string;
  createdAt: string | null;
  expiresAt: string;
}

export interface GrantCaseState {
  found: boolean;
  closed: boolean;
  contactId: string | null;
  /** Okta_User_Id__c of the Case's Contact. */
  contactOktaUserId: string | null;
}

export type GrantApplyCheck = { ok: true; oktaUserId: string } | { ok: false; reason: string };

const id15 = (id: string | null) => (id ? id.slice(0, 15) : null);

/**
 * Whatever created a REQUESTED grant, it is applied only as the product itself would have
 * created it: on an open Case, for the Okta user linked to the Case's Contact, for a group an
 * active access rule makes grantable, for at most the configured maximum duration.
 */
export function checkGrantToApply(input: {
  grant: GrantToApply;
  caseState: GrantCaseState;
  grantableGroupIds: ReadonlySet<string>;
  maxGrantHours: number;
}): GrantApplyCheck {
  const { grant, caseState } = input;
  if (!grant.caseId) return { ok: false, reason: 'The grant names no Case.' };
  if (!caseState.found) return { ok: false, reason: `Case ${grant.caseId} does not exist.` };
  if (caseState.closed)
    return { ok: false, reason: 'The Case is closed: access is granted only on an open Case.' };
  if (!caseState.contactId) return { ok: false, reason: 'The Case has no Contact.' };
  if (grant.contactId && id15(grant.contactId) !== id15(caseState.contactId))
    return { ok: false, reason: 'The grant names a Contact other than the Case’s Contact.' };
  if (!caseState.contactOktaUserId)
    return { ok: false, reason: 'The Case’s Contact is not linked to an Okta user.' };
  if (grant.oktaUserId && grant.oktaUserId !== caseState.contactOktaUserId)
    return {
      ok: false,
      reason: `The grant names Okta user ${grant.oktaUserId}, not the one linked to the Case’s Contact.`,
    };
  if (!input.grantableGroupIds.has(grant.groupId))
    return {
      ok: false,
      reason: `Okta group ${grant.groupId} is not made grantable by an active access rule.`,
    };
  const created = Date.parse(grant.createdAt ?? '');
  const expires = Date.parse(grant.expiresAt);
  if (!Number.isFinite(created) || !Number.isFinite(expires))
    return { ok: false, reason: 'The grant has no valid creation or expiry time.' };
  if (expires - created > input.maxGrantHours * 3_600_000 + DURATION_SLACK_MS)
    return {
      ok: false,
      reason: `The grant lasts longer than the maximum of ${input.maxGrantHours} hours.`,
    };
  return { ok: true, oktaUserId: caseState.contactOktaUserId };
}
