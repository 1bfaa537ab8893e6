import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import { AppError } from '../../http/app-error.js';
import { createAdminRoles, privilegedUserMessage } from '../../okta/admin-roles.js';
import type { OktaClient } from '../../okta/client.js';
import { createSyncedUsers } from '../../services/synced-users.js';
import type { AuditJournal } from '../../store/types.js';
import type { SyncConfigSource } from '../../workflows/sync-config-source.js';
import type { ApiEnv } from './api-env.js';
import { configIfLoaded } from './current-config.js';
import { caseId, oktaUserRef } from './id-schemas.js';
import { runUserAction, USER_ACTIONS } from './user-actions.js';
import type { QuerySalesforce } from './mapping-preview.js';
import { buildUserStatus, readOktaUser } from './user-status.js';

export interface UserRouteDeps {
  okta: OktaClient;
  journal: AuditJournal;
  syncConfig: SyncConfigSource;
  querySalesforce: QuerySalesforce;
  now: () => Date;
}

const statusParams = z.object({ idOrLogin: oktaUserRef });
const actionParams = z.object({
  id: oktaUserRef,
  action: z.enum(USER_ACTIONS, { error: `action must be one of ${USER_ACTIONS.join(', ')}.` }),
});
const actionBody = z.object({
  caseId: caseId.nullish(),
  reason: z.string().trim().max(255, 'reason has at most 255 characters.').nullish(),
});

const notSynced = (idOrLogin: string) =>
  AppError.notFound(
    `No Okta user synced by Okta Sync has the id or login ${JSON.stringify(idOrLogin)}.`,
  );

/**
 * `users/:idOrLogin/status` and `users/:id/actions/:action`, for the users the product syncs
 * only (a linked Contact or the Contact filter); anyone else is 404, and actions on an Okta
 * administrator are refused.
 */
export function userRoutes(deps: UserRouteDeps) {
  const syncedUsers = createSyncedUsers({
    readUser: async (idOrLogin) => {
      try {
        return await readOktaUser(deps.okta, idOrLogin);
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return null;
        throw error;
      }
    },
    querySalesforce: deps.querySalesforce,
    contactFilter: () => configIfLoaded(deps.syncConfig)?.settings.oktaContactFilter ?? null,
  });
  const adminRoles = createAdminRoles(deps.okta);
  const synced = async (idOrLogin: string) => {
    const found = await syncedUsers.find(idOrLogin);
    if (!found) throw notSynced(idOrLogin);
    return String(found.raw.id);
  };

  return new Hono<ApiEnv>()
    .get('/:idOrLogin/status', validate('param', statusParams), async (c) => {
      const { idOrLogin } = c.req.valid('param');
      const view = await buildUserStatus({
        okta: deps.okta,
        journal: deps.journal,
        accessRules: () => configIfLoaded(deps.syncConfig)?.accessRules ?? [],
        idOrLogin: await synced(idOrLogin),
      });
      return c.json(view);
    })
    .post(
      '/:id/actions/:action',
      validate('param', actionParams),
      validate('json', actionBody),
      async (c) => {
        const { id, action } = c.req.valid('param');
        const body = c.req.valid('json');
        const userId = await synced(id);
        const roles = await adminRoles.ofUser(userId);
        if (roles.length > 0)
          throw new AppError(403, 'FORBIDDEN', privilegedUserMessage(userId, roles));
        const result = await runUserAction(deps, {
          action,
          idOrLogin: userId,
          caseId: body.caseId ?? undefined,
          actor: c.get('actor'),
          correlationId: c.get('requestId'),
        });
        return c.json(result);
      },
    );
}
