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
