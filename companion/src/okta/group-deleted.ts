import { DomainError } from '../errors/domain-errors.js';

/**
 * A membership write to an Okta group that no longer exists (deleted in Okta). Retrying cannot
 * help: the queue treats it as permanent, and the workflows journal it and carry on.
 */
export const OKTA_GROUP_DELETED = 'OKTA_GROUP_DELETED';

export function groupDeletedError(groupId: string): DomainError {
  return new DomainError(
    'not-found',
    OKTA_GROUP_DELETED,
    `Okta group ${groupId} no longer exists (deleted in Okta): no membership can be written to it. Edit the access rule that names it on the Okta Sync Setup page.`,
    { groupId },
  );
}

export function isGroupDeletedError(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === OKTA_GROUP_DELETED;
}
