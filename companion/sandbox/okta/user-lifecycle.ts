/**
 * The user lifecycle state machine: which operation is allowed from which status, the
 * status it leads to, the System Log event it records, and the exact error otherwise.
 * Pure: no state, no I/O.
 */
import { fail, type OktaApiFailure } from './errors.js';
import type { OktaUserStatus } from './state.js';

export type LifecycleOperation =
  | 'activate'
  | 'reactivate'
  | 'deactivate'
  | 'suspend'
  | 'unsuspend'
  | 'unlock'
  | 'lock'
  | 'reset_factors'
  | 'expire_password';

export const API_LIFECYCLE_OPERATIONS: readonly LifecycleOperation[] = [
  'activate',
  'reactivate',
  'deactivate',
  'suspend',
  'unsuspend',
  'unlock',
  'reset_factors',
  'expire_password',
];

export interface LifecycleTransition {
  next: OktaUserStatus;
  eventType: string;
}

export function planLifecycle(
  operation: LifecycleOperation,
  status: OktaUserStatus,
  hasPassword: boolean,
): LifecycleTransition | OktaApiFailure {
  switch (operation) {
    case 'activate':
      if (status === 'STAGED' || status === 'DEPROVISIONED') {
        return {
          next: hasPassword ? 'ACTIVE' : 'PROVISIONED',
          eventType: 'user.lifecycle.activate',
        };
      }
      return fail.activationFailed('Activation failed because the user is already active');
    case 'reactivate':
      if (status === 'PROVISIONED' || status === 'RECOVERY') {
        return { next: 'PROVISIONED', eventType: 'user.lifecycle.reactivate' };
      }
      return fail.statusNotAllowed();
    case 'deactivate':
      if (status === 'DEPROVISIONED') return fail.statusNotAllowed();
      return { next: 'DEPROVISIONED', eventType: 'user.lifecycle.deactivate' };
    case 'suspend':
      if (status === 'ACTIVE') return { next: 'SUSPENDED', eventType: 'user.lifecycle.suspend' };
      return fail.validation('suspendUser', ['Cannot suspend a user that is not active']);
    case 'unsuspend':
      if (status === 'SUSPENDED') return { next: 'ACTIVE', eventType: 'user.lifecycle.unsuspend' };
      return fail.validation('unsuspendUser', ['Cannot unsuspend a user that is not suspended']);
    case 'unlock':
      if (status === 'LOCKED_OUT') return { next: 'ACTIVE', eventType: 'user.account.unlock' };
      return fail.unlockNotAllowed();
    case 'lock':
      if (status === 'ACTIVE' || status === 'PASSWORD_EXPIRED' || status === 'RECOVERY') {
        return { next: 'LOCKED_OUT', eventType: 'user.account.lock' };
      }
      return fail.statusNotAllowed();
    case 'reset_factors':
      if (status === 'DEPROVISIONED') return fail.statusNotAllowed();
      return { next: status, eventType: 'user.mfa.factor.reset_all' };
    case 'expire_password':
      if (status === 'ACTIVE' || status === 'PASSWORD_EXPIRED' || status === 'RECOVERY') {
        return { next: 'PASSWORD_EXPIRED', eventType: 'user.account.expire_password' };
      }
      return fail.statusNotAllowed();
  }
}
