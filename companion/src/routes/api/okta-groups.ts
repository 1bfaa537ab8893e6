import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import type { OktaGateway } from '../../okta/okta-gateway.js';
import { oktaGroupChoices } from '../../services/okta-group-choices.js';
import type { ApiEnv } from './api-env.js';
import { limitParam } from './query-schemas.js';

export type { OktaGroupChoice } from '../../services/okta-group-choices.js';

const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100, 'q must be at most 100 characters.')
    .optional()
    .transform((v) => v ?? ''),
  limit: limitParam(50, 20),
});

/** `okta/groups?q=&limit=`: groups for the access rule builder's group picker. */
export function oktaGroupRoutes(deps: { okta: Pick<OktaGateway, 'searchGroups'> }) {
  return new Hono<ApiEnv>().get('/groups', validate('query', searchQuery), async (c) => {
    const { q, limit } = c.req.valid('query');
    return c.json({ groups: await oktaGroupChoices(deps.okta, q, limit) });
  });
}
