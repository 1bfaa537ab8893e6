import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import type { OktaClient } from '../../okta/client.js';
import type { AuditJournal } from '../../store/types.js';
import type { SyncConfigSource } from '../../workflows/sync-config-source.js';
import type { ApiEnv } from './api-env.js';
import { configIfLoaded } from './current-config.js';
import { caseId, oktaUserRef } from './id-schemas.js';
import { runUserAction, USER_ACTIONS } from './user-actions.js';
import { buildUserStatus } from './user-status.js';

export interface UserRouteDeps {
  okta: OktaClient;
  journal: AuditJournal;
  syncConfig: SyncConfigSource;
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

/** `users/:idOrLogin/status` and `users/:id/actions/:action`. */
export function userRoutes(deps: UserRouteDeps) {
  return new Hono<ApiEnv>()
    .get('/:idOrLogin/status', validate('param', statusParams), async (c) => {
      const { idOrLogin } = c.req.valid('param');
      const view = await buildUserStatus({
        okta: deps.okta,
        journal: deps.journal,
        accessRules: () => configIfLoaded(deps.syncConfig)?.accessRules ?? [],
        idOrLogin,
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
        const result = await runUserAction(deps, {
          action,
          idOrLogin: id,
          caseId: body.caseId ?? undefined,
          actor: c.get('actor'),
          correlationId: c.get('requestId'),
        });
        return c.json(result);
      },
    );
}
