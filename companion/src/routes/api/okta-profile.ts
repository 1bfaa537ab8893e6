import { Hono } from 'hono';
import { rethrowOktaError } from '../../okta/okta-failures.js';
import type { OktaGateway } from '../../okta/okta-gateway.js';
import type { ApiEnv } from './api-env.js';

/**
 * `okta/profile-attributes`: the attributes of the Okta user profile (base and custom), read from
 * the org's default user schema, for the mapping editor's attribute picker.
 */
export function oktaProfileRoutes(deps: { okta: Pick<OktaGateway, 'profileAttributes'> }) {
  return new Hono<ApiEnv>().get('/profile-attributes', async (c) => {
    const attributes = await deps.okta.profileAttributes().catch(rethrowOktaError);
    return c.json({ attributes });
  });
}
