import { Hono } from 'hono';
import { parseListQuery } from '../../services/scim-query.js';
import { userResource } from '../../services/scim-user-resource.js';
import { USER_FILTERS, type ScimUserService } from '../../services/scim-users.js';
import type { ScimBaseUrl } from './index.js';
import { listResponse, readJson, scimJson } from './scim-http.js';

/** `/Users`: list (filter, paging), GET, POST, PUT, PATCH, DELETE. */
export function scimUserRoutes(deps: { users: ScimUserService; baseUrl: ScimBaseUrl }) {
  return new Hono()
    .get('/', async (c) => {
      const query = parseListQuery(
        {
          filter: c.req.query('filter'),
          startIndex: c.req.query('startIndex'),
          count: c.req.query('count'),
        },
        USER_FILTERS,
      );
      const page = await deps.users.list(query);
      const base = deps.baseUrl(c.req.url);
      return scimJson(
        c,
        listResponse(
          page.items.map((u) => userResource(u, base)),
          page.total,
          query.startIndex,
        ),
      );
    })
    .get('/:id', async (c) =>
      scimJson(c, userResource(await deps.users.get(c.req.param('id')), deps.baseUrl(c.req.url))),
    )
    .post('/', async (c) => {
      const record = await deps.users.create(await readJson(c));
      const resource = userResource(record, deps.baseUrl(c.req.url));
      c.header('location', `${deps.baseUrl(c.req.url)}/Users/${record.id}`);
      return scimJson(c, resource, 201);
    })
    .put('/:id', async (c) => {
      const record = await deps.users.replace(c.req.param('id'), await readJson(c));
      return scimJson(c, userResource(record, deps.baseUrl(c.req.url)));
    })
    .patch('/:id', async (c) => {
      const record = await deps.users.patch(c.req.param('id'), await readJson(c));
      return scimJson(c, userResource(record, deps.baseUrl(c.req.url)));
    })
    .delete('/:id', async (c) => {
      await deps.users.remove(c.req.param('id'));
      return c.body(null, 204);
    });
}
