import { notFound, refused } from '../errors/domain-errors.js';
import { privilegedUserMessage } from '../okta/admin-roles.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import { rethrowOktaError } from '../okta/okta-failures.js';
import type { AuditJournal } from '../store/types.js';
import type { SyncConfigSource } from '../workflows/sync-config-source.js';
import { configIfLoaded } from './current-config.js';
import type { QuerySalesforce } from './mapping-preview.js';
import { createSyncedUsers } from './synced-users.js';
import { runUserAction, type UserAction, type UserActionResult } from './user-actions.js';
import { buildUserStatus, type UserStatusView } from './user-status.js';

export interface UserServiceDeps {
  okta: Pick<
    OktaGateway,
    'getUser' | 'listFactors' | 'listUserGroups' | 'runLifecycle' | 'userAdminRoles'
  >;
  journal: AuditJournal;
  syncConfig: SyncConfigSource;
  querySalesforce: QuerySalesforce;
  now: () => Date;
}

export interface UserService {
  /** The live status of a synced user; `not-found` for anyone the product does not sync. */
  status(idOrLogin: string): Promise<UserStatusView>;
  /** An agent's action on a synced user; `refused` for an Okta administrator. */
  act(request: {
    action: UserAction;
    id: string;
    caseId?: string | undefined;
    actor?: string | undefined;
    correlationId: string;
  }): Promise<UserActionResult>;
}

const notSynced = (idOrLogin: string) =>
  notFound(`No Okta user synced by Okta Sync has the id or login ${JSON.stringify(idOrLogin)}.`);

/**
 * Status and actions for the users the product syncs only (a linked Contact or the Contact
 * filter); anyone else is not found, and actions on an Okta administrator are refused.
 */
export function createUserService(deps: UserServiceDeps): UserService {
  const syncedUsers = createSyncedUsers({
    readUser: (idOrLogin) => deps.okta.getUser(idOrLogin).catch(rethrowOktaError),
    querySalesforce: deps.querySalesforce,
    contactFilter: () => configIfLoaded(deps.syncConfig)?.settings.oktaContactFilter ?? null,
  });
  const synced = async (idOrLogin: string) => {
    const found = await syncedUsers.find(idOrLogin);
    if (!found) throw notSynced(idOrLogin);
    return String(found.raw.id);
  };

  return {
    async status(idOrLogin) {
      return buildUserStatus({
        okta: deps.okta,
        journal: deps.journal,
        accessRules: () => configIfLoaded(deps.syncConfig)?.accessRules ?? [],
        idOrLogin: await synced(idOrLogin),
      });
    },
    async act(request) {
      const userId = await synced(request.id);
      const roles = await deps.okta.userAdminRoles(userId);
      if (roles.length > 0) throw refused(privilegedUserMessage(userId, roles), 'FORBIDDEN');
      return runUserAction(deps, {
        action: request.action,
        idOrLogin: userId,
        caseId: request.caseId,
        actor: request.actor,
        correlationId: request.correlationId,
      });
    },
  };
}
