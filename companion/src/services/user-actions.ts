import { invalidState, notFound } from '../errors/domain-errors.js';
import {
  isOktaNotFound,
  isOktaStateRefusal,
  oktaErrorDetails,
  rethrowOktaError,
} from '../okta/okta-failures.js';
import type { OktaGateway, OktaLifecycleCall } from '../okta/okta-gateway.js';
import type { AuditJournal } from '../store/types.js';
import { recordAction } from './action-journal.js';
import { readOktaUser, toUserView, type OktaUserView } from './user-status.js';

export const USER_ACTIONS = [
  'unlock',
  'reset-factors',
  'resend-activation',
  'suspend',
  'unsuspend',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

export const ACTION_OPERATION: Readonly<Record<UserAction, string>> = {
  unlock: 'okta-unlock',
  'reset-factors': 'okta-reset-factors',
  'resend-activation': 'okta-resend-activation',
  suspend: 'okta-suspend',
  unsuspend: 'okta-unsuspend',
};

/** Why Okta (or the companion) refuses an action for a user in `status`, in the agent's words. */
export function refusalMessage(action: UserAction, status: string): string {
  switch (action) {
    case 'unlock':
      return `The user is not locked out (status ${status}).`;
    case 'suspend':
      return `Only an active user can be suspended; the user is ${status}.`;
    case 'unsuspend':
      return `The user is not suspended (status ${status}).`;
    case 'reset-factors':
      return `MFA factors cannot be reset for a user in status ${status}.`;
    case 'resend-activation':
      if (status === 'DEPROVISIONED') {
        return 'The user is deactivated; reactivating a user is decided in Okta, not from Salesforce.';
      }
      return `The user has no pending activation (status ${status}).`;
  }
}

/**
 * Pure: which Okta call performs the action for a user in `status`. "Resend activation" is
 * Okta's reactivate for a user whose activation is pending (PROVISIONED, RECOVERY) and activate
 * for a STAGED user; it never reactivates a deactivated user.
 */
export function planUserAction(
  action: UserAction,
  status: string,
): { call: OktaLifecycleCall } | { refused: string } {
  switch (action) {
    case 'unlock':
      return { call: 'unlockUser' };
    case 'reset-factors':
      return { call: 'resetFactors' };
    case 'suspend':
      return { call: 'suspendUser' };
    case 'unsuspend':
      return { call: 'unsuspendUser' };
    case 'resend-activation':
      if (status === 'PROVISIONED' || status === 'RECOVERY') return { call: 'reactivateUser' };
      if (status === 'STAGED') return { call: 'activateUser' };
      return { refused: refusalMessage(action, status) };
  }
}

export interface UserActionResult {
  action: UserAction;
  /** The user's status after the action. */
  status: string;
  auditId: string;
}

/**
 * Performs an agent's action on an Okta user and journals it, whatever the outcome. Okta's
 * refusals because of the user's state become `invalid-state` errors.
 */
export async function runUserAction(
  deps: {
    okta: Pick<OktaGateway, 'getUser' | 'runLifecycle'>;
    journal: AuditJournal;
    now: () => Date;
  },
  request: {
    action: UserAction;
    idOrLogin: string;
    caseId?: string | undefined;
    actor?: string | undefined;
    correlationId: string;
  },
): Promise<UserActionResult> {
  const before: OktaUserView = toUserView(await readOktaUser(deps.okta, request.idOrLogin));
  const journal = (status: 'SUCCESS' | 'FAILED', extra: { error?: string; after?: string }) =>
    recordAction(deps.journal, {
      operation: ACTION_OPERATION[request.action],
      status,
      at: deps.now(),
      correlationId: request.correlationId,
      actor: request.actor,
      caseId: request.caseId,
      oktaUserId: before.id,
      error: extra.error,
      fieldChanges:
        extra.after === undefined
          ? undefined
          : [
              {
                object: 'OktaUser',
                recordId: before.id,
                field: 'status',
                before: before.status,
                after: extra.after,
              },
            ],
    });

  const plan = planUserAction(request.action, before.status);
  if ('refused' in plan) {
    const auditId = await journal('FAILED', { error: plan.refused });
    throw invalidState(plan.refused, { status: before.status, auditId });
  }
  try {
    await deps.okta.runLifecycle(before.id, plan.call);
  } catch (error) {
    if (isOktaNotFound(error)) {
      await journal('FAILED', { error: 'The user no longer exists in Okta.' });
      throw notFound(`No Okta user with id or login ${JSON.stringify(request.idOrLogin)}.`);
    }
    if (isOktaStateRefusal(error)) {
      const message = refusalMessage(request.action, before.status);
      const auditId = await journal('FAILED', { error: message });
      throw invalidState(message, {
        status: before.status,
        auditId,
        ...oktaErrorDetails(error),
      });
    }
    await journal('FAILED', { error: error instanceof Error ? error.message : String(error) });
    return rethrowOktaError(error);
  }
  let after: OktaUserView;
  try {
    after = toUserView(await readOktaUser(deps.okta, before.id));
  } catch (error) {
    await journal('SUCCESS', {}); // the action itself went through
    throw error;
  }
  const auditId = await journal('SUCCESS', { after: after.status });
  return { action: request.action, status: after.status, auditId };
}
