import { Hono } from 'hono';
import type { OktaClient } from '../../okta/client.js';
import { profileAttributesOf } from '../../okta/profile-attributes.js';
import type { ApiEnv } from './api-env.js';
import { rethrowOktaError } from './okta-errors.js';

/**
 * `okta/profile-attributes`: the attributes of the Okta user profile (base and custom), read from
 * the org's default user schema, for the mapping editor's attribute picker.
 */
export function oktaProfileRoutes(deps: { okta: OktaClient }) {
  return new Hono<ApiEnv>().get('/profile-attributes', async (c) => {
    const schema = await deps.okta.schemaApi
      .getUserSchema({ schemaId: 'default' })
      .catch(rethrowOktaError);
    return c.json({ attributes: profileAttributesOf(schema) });
  });
}
