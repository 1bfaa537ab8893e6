import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import type { OktaClient } from '../../okta/client.js';
import type { ApiEnv } from './api-env.js';
import { rethrowOktaError } from './okta-errors.js';
import { limitParam } from './query-schemas.js';

const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100, 'q must be at most 100 characters.')
    .optional()
    .transform((v) => v ?? ''),
  limit: limitParam(50, 20),
});

export interface OktaGroupChoice {
  id: string;
  name: string;
  description: string | null;
}

/**
 * `okta/groups?q=&limit=`: Okta groups whose name starts with `q` (Okta's own group search), for
 * the access rule builder's group picker — people choose groups by name, never by id.
 */
export function oktaGroupRoutes(deps: { okta: OktaClient }) {
  return new Hono<ApiEnv>().get('/groups', validate('query', searchQuery), async (c) => {
    const { q, limit } = c.req.valid('query');
    const groups: OktaGroupChoice[] = [];
    try {
      const collection = await deps.okta.groupApi.listGroups({
        ...(q === '' ? {} : { q }),
        limit,
      });
      for await (const group of collection) {
        // The built-in Everyone group holds every user and its members cannot be edited: never
        // a choice for an access rule.
        if (!group?.id || group.type === 'BUILT_IN') continue;
        groups.push({
          id: group.id,
          name: group.profile?.name ?? group.id,
          description: group.profile?.description ?? null,
        });
        if (groups.length >= limit) break;
      }
    } catch (error) {
      rethrowOktaError(error);
    }
    groups.sort((a, b) => a.name.localeCompare(b.name, 'en'));
    return c.json({ groups });
  });
}
