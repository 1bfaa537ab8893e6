import { Hono } from 'hono';
import { okJson, readJsonBody, requireScope, type OktaEnv } from './api-context.js';
import { fail } from './errors.js';
import type { ProvisioningEngine, ScimApp } from './provisioning.js';
import type { OktaState } from './state.js';

/**
 * The Apps API for the org's SCIM apps, in Okta's shapes: list and read apps, assign and
 * unassign users (`POST /apps/{appId}/users`, `DELETE /apps/{appId}/users/{userId}`) and groups
 * (`PUT` / `DELETE /apps/{appId}/groups/{groupId}`), and Group Push mappings
 * (`POST /apps/{appId}/group-push/mappings`). Each change goes to the provisioning engine, which
 * pushes it to the app as Okta does. Apps are created in code (`provisioning.createScimApp`).
 */

const READ = ['okta.apps.read', 'okta.apps.manage'];
const MANAGE = ['okta.apps.manage'];

function appJson(app: ScimApp, orgUrl: string) {
  return {
    id: app.id,
    name: 'scim2testapp',
    label: app.label,
    status: 'ACTIVE',
    signOnMode: 'AUTO_LOGIN',
    created: app.created,
    features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'GROUP_PUSH'],
    settings: {
      app: { scimBaseUrl: app.baseUrl, authMode: 'HEADER', updateMethod: app.updateMethod },
    },
    _links: { self: { href: `${orgUrl}/api/v1/apps/${app.id}` } },
  };
}

export function appRoutes(deps: {
  state: () => OktaState;
  provisioning: ProvisioningEngine;
  orgUrl: () => string;
}) {
  const appOf = (id: string) => {
    const app = deps.provisioning.apps().find((a) => a.id === id);
    if (!app) throw fail.notFound(id, 'App');
    return app;
  };
  return new Hono<OktaEnv>()
    .get('/', (c) => {
      requireScope(c, ...READ);
      return okJson(
        c,
        deps.provisioning.apps().map((app) => appJson(app, deps.orgUrl())),
      );
    })
    .get('/:appId', (c) => {
      requireScope(c, ...READ);
      return okJson(c, appJson(appOf(c.req.param('appId')), deps.orgUrl()));
    })
    .post('/:appId/users', async (c) => {
      requireScope(c, ...MANAGE);
      const app = appOf(c.req.param('appId'));
      const body = await readJsonBody(c);
      const userId = typeof body['id'] === 'string' ? body['id'] : '';
      const user = deps.state().findUser(userId);
      if (!user) throw fail.validation('id', ['The user does not exist.']);
      deps.provisioning.assignUser(app.id, user.id);
      return okJson(c, {
        id: user.id,
        externalId: deps.provisioning.appUser(app.id, user.id)?.scimId ?? null,
        scope: 'USER',
        status: 'PROVISIONED',
        syncState: 'PENDING',
        credentials: { userName: user.profile['login'] },
        _links: { app: { href: `${deps.orgUrl()}/api/v1/apps/${app.id}` } },
      });
    })
    .delete('/:appId/users/:userId', (c) => {
      requireScope(c, ...MANAGE);
      const app = appOf(c.req.param('appId'));
      const userId = c.req.param('userId');
      if (!deps.provisioning.appUser(app.id, userId)) throw fail.notFound(userId, 'AppUser');
      deps.provisioning.unassignUser(app.id, userId);
      return c.body(null, 204);
    })
    .put('/:appId/groups/:groupId', (c) => {
      requireScope(c, ...MANAGE);
      const app = appOf(c.req.param('appId'));
      const groupId = c.req.param('groupId');
      if (!deps.state().groups.has(groupId)) throw fail.notFound(groupId, 'UserGroup');
      deps.provisioning.assignGroup(app.id, groupId);
      return okJson(c, { id: groupId, priority: 0, profile: {} });
    })
    .delete('/:appId/groups/:groupId', (c) => {
      requireScope(c, ...MANAGE);
      const app = appOf(c.req.param('appId'));
      deps.provisioning.unassignGroup(app.id, c.req.param('groupId'));
      return c.body(null, 204);
    })
    .post('/:appId/group-push/mappings', async (c) => {
      requireScope(c, ...MANAGE);
      const app = appOf(c.req.param('appId'));
      const body = await readJsonBody(c);
      const groupId = typeof body['sourceGroupId'] === 'string' ? body['sourceGroupId'] : '';
      if (!deps.state().groups.has(groupId)) {
        throw fail.validation('sourceGroupId', ['The group does not exist.']);
      }
      deps.provisioning.pushGroup(app.id, groupId);
      return okJson(
        c,
        { id: `gpm${groupId.slice(3)}`, sourceGroupId: groupId, status: 'ACTIVE' },
        201,
      );
    });
}
