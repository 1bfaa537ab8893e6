import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import type { OktaGateway } from '../../okta/okta-gateway.js';
import type { SyncConfigSource } from '../../workflows/sync-config-source.js';
import type { ApiEnv } from './api-env.js';
import { requireConfig } from '../../services/current-config.js';
import { contactId, oktaUserRef } from './id-schemas.js';
import {
  previewForRequest,
  type DescribeObject,
  type QuerySalesforce,
} from '../../services/mapping-preview.js';

export interface MappingRouteDeps {
  okta: Pick<OktaGateway, 'getUser'>;
  syncConfig: SyncConfigSource;
  querySalesforce: QuerySalesforce;
  describeObject?: DescribeObject | undefined;
}

const MAX_PROPOSED_ROWS = 200;

// Rows are judged one by one like saved Custom Metadata (bad rows become `problems`), so the
// body schema only checks that each is an object.
const previewBody = z
  .object({
    oktaUser: oktaUserRef.nullish(),
    contactId: contactId.nullish(),
    mappings: z
      .array(z.record(z.string(), z.unknown(), { error: 'Each mapping row must be an object.' }))
      .max(MAX_PROPOSED_ROWS, `At most ${MAX_PROPOSED_ROWS} mapping rows can be previewed.`)
      .nullish(),
  })
  .refine((b) => (b.oktaUser ? 1 : 0) + (b.contactId ? 1 : 0) === 1, {
    message: 'Give either oktaUser (an Okta user id or login) or contactId, not both.',
  });

/** `mappings/preview`: what the mappings would write for a real user, before saving them. */
export function mappingRoutes(deps: MappingRouteDeps) {
  return new Hono<ApiEnv>().post('/preview', validate('json', previewBody), async (c) => {
    const body = c.req.valid('json');
    const answer = await previewForRequest(
      {
        okta: deps.okta,
        config: requireConfig(deps.syncConfig),
        querySalesforce: deps.querySalesforce,
        describeObject: deps.describeObject,
      },
      {
        oktaUser: body.oktaUser ?? undefined,
        contactId: body.contactId ?? undefined,
        mappings: body.mappings ?? undefined,
      },
    );
    return c.json(answer);
  });
}
