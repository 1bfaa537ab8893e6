/** `/api/v1/users`: CRUD, search and pagination, lifecycle, a user's groups and factors. */
import { Hono } from 'hono';
import {
  absoluteUrl,
  okJson,
  parseBooleanParam,
  parseLimit,
  readJsonBody,
  requireScope,
  selfUrl,
  setLinks,
  type OktaEnv,
} from './api-context.js';
import type { Directory } from './directory.js';
import { fail } from './errors.js';
import type { ProfileSchema } from './profile-schema.js';
import { factorJson, groupJson, userJson } from './representations.js';
import type { OktaState, UserRecord } from './state.js';
import { API_LIFECYCLE_OPERATIONS, type LifecycleOperation } from './user-lifecycle.js';
import { queryUsers } from './user-query.js';

const READ = ['okta.users.read', 'okta.users.manage'];
const MANAGE = ['okta.users.manage'];

export function userRoutes(deps: {
  state: () => OktaState;
  directory: Directory;
  schema: ProfileSchema;
  orgUrl: () => string;
  /** What `search` sees of a user (eventually consistent in the realistic profile). */
  searchView?: ((user: UserRecord) => UserRecord | undefined) | undefined;
}) {
  const json = (c: Parameters<typeof okJson>[0], id: string) => {
    const user = deps.directory.requireUser(id);
    return okJson(c, userJson(user, deps.state(), deps.orgUrl()));
  };

  return (
    new Hono<OktaEnv>()
      .get('/', (c) => {
        requireScope(c, ...READ);
        const { search, filter, q, after } = c.req.query();
        const limit = parseLimit(c.req.query('limit'), 200, 200);
        const page = queryUsers(
          deps.state(),
          deps.schema,
          { search, filter, q, after, limit },
          deps.searchView,
        );
        const base = deps.orgUrl();
        const next =
          page.nextAfter === undefined
            ? undefined
            : absoluteUrl(base, '/api/v1/users', {
                search,
                filter,
                q,
                limit: String(limit),
                after: page.nextAfter,
              });
        setLinks(c, selfUrl(c, base), next);
        return okJson(
          c,
          page.users.map((u) => userJson(u, deps.state(), base)),
        );
      })
      .post('/', async (c) => {
        requireScope(c, ...MANAGE);
        const activate = parseBooleanParam(c.req.query('activate'), true, 'activate');
        const body = await readJsonBody(c);
        const user = deps.directory.createUser(
          body as Parameters<Directory['createUser']>[0],
          activate,
          c.get('actionContext'),
        );
        return okJson(c, userJson(user, deps.state(), deps.orgUrl()));
      })
      // The caller's own user: for an API token, the admin who owns it. A service app's
      // token has no user context.
      .get('/me', (c) => {
        const principal = c.get('principal');
        if (principal.kind !== 'ssws') throw fail.notFound('me', 'User');
        const owner = principal.token.owner;
        const [firstName, ...rest] = owner.displayName.split(' ');
        return okJson(c, {
          id: owner.id,
          status: 'ACTIVE',
          type: { id: 'oty_admin' },
          profile: {
            login: owner.login,
            email: owner.login,
            firstName: firstName ?? owner.login,
            lastName: rest.join(' ') || owner.login,
          },
          _links: { self: { href: `${deps.orgUrl()}/api/v1/users/${owner.id}` } },
        });
      })
      .get('/:id', (c) => {
        requireScope(c, ...READ);
        return json(c, c.req.param('id'));
      })
      .post('/:id', async (c) => {
        requireScope(c, ...MANAGE);
        const body = await readJsonBody(c);
        const user = deps.directory.updateUser(
          c.req.param('id'),
          body,
          'merge',
          c.get('actionContext'),
        );
        return okJson(c, userJson(user, deps.state(), deps.orgUrl()));
      })
      .put('/:id', async (c) => {
        requireScope(c, ...MANAGE);
        const body = await readJsonBody(c);
        if (body['profile'] === undefined)
          throw fail.validation('profile', ['profile: The field cannot be left blank']);
        const user = deps.directory.updateUser(
          c.req.param('id'),
          body,
          'replace',
          c.get('actionContext'),
        );
        return okJson(c, userJson(user, deps.state(), deps.orgUrl()));
      })
      .delete('/:id', (c) => {
        requireScope(c, ...MANAGE);
        deps.directory.deleteUser(c.req.param('id'), c.get('actionContext'));
        return c.body(null, 204);
      })
      .post('/:id/lifecycle/:operation', (c) => {
        requireScope(c, ...MANAGE);
        const operation = c.req.param('operation') as LifecycleOperation;
        if (!API_LIFECYCLE_OPERATIONS.includes(operation))
          throw fail.notFound(c.req.path, 'ApiEndpoint');
        const sendEmail = parseBooleanParam(c.req.query('sendEmail'), true, 'sendEmail');
        const { user, activation } = deps.directory.lifecycle(
          c.req.param('id'),
          operation,
          c.get('actionContext'),
          { sendEmail },
        );
        if (operation === 'expire_password')
          return okJson(c, userJson(user, deps.state(), deps.orgUrl()));
        return okJson(c, activation);
      })
      .get('/:id/groups', (c) => {
        requireScope(c, ...READ, 'okta.groups.read', 'okta.groups.manage');
        const user = deps.directory.requireUser(c.req.param('id'));
        const base = deps.orgUrl();
        setLinks(c, selfUrl(c, base), undefined);
        return okJson(
          c,
          deps
            .state()
            .groupsOfUser(user.id)
            .map((g) => groupJson(g, base)),
        );
      })
      .get('/:id/factors', (c) => {
        requireScope(c, ...READ, 'okta.factors.read', 'okta.factors.manage');
        const user = deps.directory.requireUser(c.req.param('id'));
        return okJson(
          c,
          user.factors.map((f) => factorJson(f, user.id, deps.orgUrl())),
        );
      })
  );
}
