import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../http/app-error.js';
import { validate } from '../../http/validation.js';
import type { GrantService } from '../../grants/types.js';
import type { SyncConfigSource } from '../../workflows/sync-config-source.js';
import type { ApiEnv } from './api-env.js';
import { requireConfig } from '../../services/current-config.js';
import { anySalesforceId, caseId, contactId, oktaGroupId } from './id-schemas.js';
import { booleanText } from './query-schemas.js';

export interface GrantRouteDeps {
  grants: GrantService;
  syncConfig: SyncConfigSource;
}

const createBody = z.object({
  caseId,
  contactId: contactId.nullish(),
  groupId: oktaGroupId,
  durationHours: z
    .number({ error: 'durationHours must be a number of hours.' })
    .int('durationHours must be a whole number of hours.')
    .min(1, 'durationHours must be at least 1.'),
  reason: z
    .string({ error: 'reason is required.' })
    .trim()
    .min(1, 'reason is required.')
    .max(255, 'reason has at most 255 characters.'),
});

const revokeBody = z.object({
  reason: z.string().trim().max(255, 'reason has at most 255 characters.').nullish(),
});

const listQuery = z.object({
  caseId,
  activeOnly: booleanText.optional(),
});

const grantParams = z.object({ id: anySalesforceId });

/** `grants`: temporary Okta group access tied to a Case, through the grant service. */
export function grantRoutes(deps: GrantRouteDeps) {
  return new Hono<ApiEnv>()
    .post('/', validate('json', createBody), async (c) => {
      const body = c.req.valid('json');
      const { maxGrantHours } = requireConfig(deps.syncConfig).settings;
      if (body.durationHours > maxGrantHours) {
        throw AppError.validation('The json is not valid.', [
          { path: 'durationHours', message: `durationHours must be at most ${maxGrantHours}.` },
        ]);
      }
      const actor = c.get('actor');
      const grant = await deps.grants.create({
        caseId: body.caseId,
        groupId: body.groupId,
        durationHours: body.durationHours,
        reason: body.reason,
        ...(body.contactId ? { contactId: body.contactId } : {}),
        ...(actor ? { requestedBy: actor } : {}),
      });
      return c.json(grant, 201);
    })
    .get('/', validate('query', listQuery), async (c) => {
      const { caseId: forCase, activeOnly } = c.req.valid('query');
      const grants = await deps.grants.listByCase(
        forCase,
        activeOnly === undefined ? {} : { activeOnly },
      );
      return c.json({ grants });
    })
    .delete('/:id', validate('param', grantParams), validate('json', revokeBody), async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const actor = c.get('actor');
      const grant = await deps.grants.revoke(id, {
        ...(actor ? { actor } : {}),
        ...(reason ? { reason } : {}),
      });
      return c.json(grant);
    });
}

/** `groups/grantable`: the Okta groups an agent may grant from a Case. */
export function groupRoutes(deps: Pick<GrantRouteDeps, 'grants'>) {
  return new Hono<ApiEnv>().get('/grantable', async (c) =>
    c.json({ groups: await deps.grants.grantableGroups() }),
  );
}
