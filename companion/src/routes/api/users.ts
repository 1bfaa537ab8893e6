import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import { USER_ACTIONS } from '../../services/user-actions.js';
import { createUserService, type UserServiceDeps } from '../../services/user-service.js';
import type { ApiEnv } from './api-env.js';
import { caseId, oktaUserRef } from './id-schemas.js';

export type UserRouteDeps = UserServiceDeps;

const statusParams = z.object({ idOrLogin: oktaUserRef });
const actionParams = z.object({
  id: oktaUserRef,
  action: z.enum(USER_ACTIONS, { error: `action must be one of ${USER_ACTIONS.join(', ')}.` }),
});
const actionBody = z.object({
  caseId: caseId.nullish(),
  reason: z.string().trim().max(255, 'reason has at most 255 characters.').nullish(),
});

/** `users/:idOrLogin/status` and `users/:id/actions/:action`, for the users the product syncs. */
export function userRoutes(deps: UserRouteDeps) {
  const users = createUserService(deps);
  return new Hono<ApiEnv>()
    .get('/:idOrLogin/status', validate('param', statusParams), async (c) =>
      c.json(await users.status(c.req.valid('param').idOrLogin)),
    )
    .post(
      '/:id/actions/:action',
      validate('param', actionParams),
      validate('json', actionBody),
      async (c) => {
        const { id, action } = c.req.valid('param');
        const result = await users.act({
          action,
          id,
          caseId: c.req.valid('json').caseId ?? undefined,
          actor: c.get('actor'),
          correlationId: c.get('requestId'),
        });
        return c.json(result);
      },
    );
}
