import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import { requestContactResync, type ContactResyncDeps } from '../../services/contact-resync.js';
import type { ApiEnv } from './api-env.js';
import { contactId } from './id-schemas.js';

export type ContactRouteDeps = ContactResyncDeps;

const params = z.object({ contactId });

/** `contacts/:contactId/resync`: "resync now" on the Contact page. */
export function contactRoutes(deps: ContactRouteDeps) {
  return new Hono<ApiEnv>().post('/:contactId/resync', validate('param', params), async (c) => {
    const { oktaUserId } = await requestContactResync(deps, {
      contactId: c.req.valid('param').contactId,
      actor: c.get('actor'),
      correlationId: c.get('requestId'),
    });
    return c.json({ queued: true, oktaUserId }, 202);
  });
}
