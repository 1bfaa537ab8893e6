import { Hono } from 'hono';
import { ScimError } from '../../services/scim-errors.js';
import { resourceTypes, schemas, serviceProviderConfig } from '../../services/scim-schemas.js';
import type { ScimBaseUrl } from './index.js';
import { listResponse, scimJson } from './scim-http.js';

/** ServiceProviderConfig, ResourceTypes and Schemas (RFC 7644 §4). */
export function scimDiscoveryRoutes(deps: { baseUrl: ScimBaseUrl }) {
  return new Hono()
    .get('/ServiceProviderConfig', (c) =>
      scimJson(c, serviceProviderConfig(deps.baseUrl(c.req.url))),
    )
    .get('/ResourceTypes', (c) => {
      const all = resourceTypes(deps.baseUrl(c.req.url));
      return scimJson(c, listResponse(all, all.length, 1));
    })
    .get('/ResourceTypes/:id', (c) => {
      const found = resourceTypes(deps.baseUrl(c.req.url)).find((r) => r.id === c.req.param('id'));
      if (!found) throw new ScimError(404, 'No such resource type.');
      return scimJson(c, found);
    })
    .get('/Schemas', (c) => {
      const all = schemas(deps.baseUrl(c.req.url));
      return scimJson(c, listResponse(all, all.length, 1));
    })
    .get('/Schemas/:id', (c) => {
      const found = schemas(deps.baseUrl(c.req.url)).find((s) => s.id === c.req.param('id'));
      if (!found) throw new ScimError(404, 'No such schema.');
      return scimJson(c, found);
    });
}
