import { Hono } from 'hono';
import type { ScimGroupRecord, ScimUserRecord } from '../../store/scim-resources.js';
import { GROUP_FILTERS, groupResource, type ScimGroupService } from '../../services/scim-groups.js';
import { parseListQuery } from '../../services/scim-query.js';
import type { ScimBaseUrl } from './index.js';
import { listResponse, readJson, scimJson } from './scim-http.js';

/** `/Groups` (Okta's Group Push): list, GET, POST, PUT, PATCH members, DELETE. */
export function scimGroupRoutes(deps: { groups: ScimGroupService; baseUrl: ScimBaseUrl }) {
  const render = (record: ScimGroupRecord, base: string, excluded: string | undefined) => {
    const resource = groupResource(record, base, new Map<string, ScimUserRecord>());
    if (excluded?.split(',').some((a) => a.trim().toLowerCase() === 'members')) {
      delete resource['members'];
    }
    return resource;
  };
  return new Hono()
    .get('/', async (c) => {
      const query = parseListQuery(
        {
          filter: c.req.query('filter'),
          startIndex: c.req.query('startIndex'),
          count: c.req.query('count'),
        },
        GROUP_FILTERS,
      );
      const page = await deps.groups.list(query);
      const base = deps.baseUrl(c.req.url);
      const excluded = c.req.query('excludedAttributes');
      return scimJson(
        c,
        listResponse(
          page.items.map((g) => render(g, base, excluded)),
          page.total,
          query.startIndex,
        ),
      );
    })
    .get('/:id', async (c) =>
      scimJson(
        c,
        render(
          await deps.groups.get(c.req.param('id')),
          deps.baseUrl(c.req.url),
          c.req.query('excludedAttributes'),
        ),
      ),
    )
    .post('/', async (c) => {
      const record = await deps.groups.create(await readJson(c));
      c.header('location', `${deps.baseUrl(c.req.url)}/Groups/${record.id}`);
      return scimJson(c, render(record, deps.baseUrl(c.req.url), undefined), 201);
    })
    .put('/:id', async (c) => {
      const record = await deps.groups.replace(c.req.param('id'), await readJson(c));
      return scimJson(c, render(record, deps.baseUrl(c.req.url), undefined));
    })
    .patch('/:id', async (c) => {
      await deps.groups.patch(c.req.param('id'), await readJson(c));
      return c.body(null, 204);
    })
    .delete('/:id', async (c) => {
      await deps.groups.remove(c.req.param('id'));
      return c.body(null, 204);
    });
}
